package dev.conclave.signaling.rpc;

import dev.conclave.signaling.error.ConclaveException;
import tools.jackson.databind.JsonNode;

/** A frame that is not an acceptable request, with the id to answer to (JSON null when it could not be read). */
final class RpcDecodeException extends Exception {

    private final transient JsonNode id;
    private final boolean respond;
    private final ConclaveException error;

    RpcDecodeException(JsonNode id, boolean respond, ConclaveException error) {
        super(error.getMessage(), error, false, false);
        this.id = id;
        this.respond = respond;
        this.error = error;
    }

    JsonNode id() {
        return id;
    }

    /** False for a client notification: errors in notifications are not answered. */
    boolean respond() {
        return respond;
    }

    ConclaveException error() {
        return error;
    }
}
