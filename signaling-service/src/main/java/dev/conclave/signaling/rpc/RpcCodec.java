package dev.conclave.signaling.rpc;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.text.WireText;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 framing, strictly: one request object per frame, no batches, no duplicate keys, no unknown members,
 * {@code "jsonrpc": "2.0"}, a string or number id. The one place frames are read and written.
 */
@Component
class RpcCodec {

    private static final Set<String> REQUEST_MEMBERS = Set.of("jsonrpc", "id", "method", "params");

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    RpcCall decode(String frame) throws RpcDecodeException {
        JsonNode root = parse(frame);
        if (root.isArray()) {
            throw invalidRequest(null, true, "batches are not supported: send one request per frame");
        }
        if (!root.isObject()) {
            throw invalidRequest(null, true, "a request must be a JSON object");
        }
        JsonNode id = root.get("id");
        boolean expectsResponse = root.has("id");
        if (id != null && !(id.isString() || id.isIntegralNumber() || id.isNull())) {
            throw invalidRequest(null, true, "id must be a string or an integer");
        }
        requireEncodable(root, id, expectsResponse);
        for (String member : root.propertyNames()) {
            if (!REQUEST_MEMBERS.contains(member)) {
                throw invalidRequest(id, expectsResponse, "unknown member \"" + member + "\"");
            }
        }
        JsonNode version = root.get("jsonrpc");
        if (version == null || !version.isString() || !"2.0".equals(version.stringValue())) {
            throw invalidRequest(id, expectsResponse, "jsonrpc must be \"2.0\"");
        }
        JsonNode method = root.get("method");
        if (method == null || !method.isString()) {
            throw invalidRequest(id, expectsResponse, "method must be a string");
        }
        try {
            RpcRequest request = RpcRequest.parse(method.stringValue(), Params.of(root.get("params")));
            return new RpcCall(expectsResponse ? id : null, method.stringValue(), request);
        } catch (ConclaveException e) {
            throw new RpcDecodeException(id, expectsResponse, e);
        }
    }

    /**
     * Refuses text UTF-8 cannot encode (an unpaired surrogate: valid JSON, but no character) anywhere in the request,
     * before anything echoes it: it could never be sent on to anyone. In {@code params}: INVALID_PARAMS naming the
     * field; elsewhere INVALID_REQUEST (with a null id when the id itself is the problem).
     */
    private static void requireEncodable(JsonNode root, JsonNode id, boolean expectsResponse) throws RpcDecodeException {
        WireText.Unencodable badId = WireText.find(id, "id");
        if (badId != null) {
            throw invalidRequest(null, true, "id " + badId.problem());
        }
        for (Map.Entry<String, JsonNode> member : root.properties()) {
            if (member.getKey().equals("params")) {
                WireText.Unencodable bad = WireText.find(member.getValue(), "");
                if (bad != null) {
                    throw new RpcDecodeException(id, expectsResponse, ConclaveException.invalidParam(
                            bad.field().isEmpty() ? "params" : bad.field(), bad.problem()));
                }
            } else {
                WireText.Unencodable bad = WireText.find(Map.of(member.getKey(), member.getValue()), "");
                if (bad != null) {
                    throw invalidRequest(id, expectsResponse, "member " + bad.field() + " " + bad.problem());
                }
            }
        }
    }

    String result(JsonNode id, Object result) {
        ObjectNode response = envelope(id);
        response.putPOJO("result", result);
        return json.writeValueAsString(response);
    }

    String error(JsonNode id, ConclaveException failure) {
        ObjectNode response = envelope(id);
        ObjectNode error = response.putObject("error");
        error.put("code", failure.code().code());
        // Messages may quote what the client sent (a parser's "unexpected character"): never text the wire cannot carry.
        error.put("message", WireText.quotable(failure.getMessage()));
        ObjectNode data = error.putObject("data");
        data.put("name", failure.code().name());
        failure.details().forEach(data::putPOJO);
        return json.writeValueAsString(response);
    }

    String notification(String method, Object params) {
        ObjectNode notification = JsonNodeFactory.instance.objectNode();
        notification.put("jsonrpc", "2.0");
        notification.put("method", method);
        notification.putPOJO("params", params);
        return json.writeValueAsString(notification);
    }

    private JsonNode parse(String frame) throws RpcDecodeException {
        try {
            JsonNode root = json.readTree(frame);
            if (root == null || root.isMissingNode()) {
                throw new RpcDecodeException(null, true,
                        new ConclaveException(ErrorCode.PARSE_ERROR, "the frame is empty"));
            }
            return root;
        } catch (JacksonException e) {
            throw new RpcDecodeException(null, true,
                    new ConclaveException(ErrorCode.PARSE_ERROR, "the frame is not valid JSON: " + e.getOriginalMessage()));
        }
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        return response;
    }

    private static RpcDecodeException invalidRequest(JsonNode id, boolean respond, String message) {
        return new RpcDecodeException(id, respond, new ConclaveException(ErrorCode.INVALID_REQUEST, message, Map.of()));
    }
}
