package dev.conclave.media.api;

/** A request field that is wrong: 400 with the field named. */
class ApiRequestException extends RuntimeException {

    private final String field;

    ApiRequestException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
