package dev.conclave.auth.api;

/** A request field whose value is wrong in a way Bean Validation annotations cannot say. */
class InvalidFieldException extends RuntimeException {

    private final String field;

    InvalidFieldException(String field, String problem) {
        super(problem);
        this.field = field;
    }

    String field() {
        return field;
    }
}
