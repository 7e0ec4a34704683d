package dev.conclave.signaling.rpc;

import tools.jackson.databind.JsonNode;

/**
 * A decoded request.
 *
 * @param id the request id as sent (string, number or null); {@code null} for a client notification (no id member),
 *           which gets no response
 */
record RpcCall(JsonNode id, String method, RpcRequest request) {

    boolean expectsResponse() {
        return id != null;
    }
}
