package dev.conclave.signaling.error;

import java.util.Map;

/**
 * A failure a client caused or must know about, carrying its {@link ErrorCode}, a message written for humans and,
 * optionally, details (such as the offending {@code field}). Mapped to the wire in one place per transport.
 */
public class ConclaveException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> details;

    public ConclaveException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ConclaveException(ErrorCode code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public ConclaveException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = Map.of();
    }

    public static ConclaveException invalidParam(String field, String problem) {
        return new ConclaveException(ErrorCode.INVALID_PARAMS, field + " " + problem, Map.of("field", field));
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
