package dev.conclave.signaling.rpc;

import dev.conclave.signaling.error.ConclaveException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Strict reading of a JSON-RPC {@code params} object: every field has one type, unknown fields are refused, and each
 * failure names the field ({@code data.field}) — so a client learns exactly what to fix.
 */
final class Params {

    private final JsonNode node;
    private final String path;

    private Params(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The request's params: an object, or absent (read as an empty object). */
    static Params of(JsonNode params) {
        if (params == null || params.isMissingNode()) {
            return new Params(null, "");
        }
        if (!params.isObject()) {
            throw ConclaveException.invalidParam("params", "must be an object");
        }
        return new Params(params, "");
    }

    /** Refuses any field not listed. */
    Params allowOnly(String... names) {
        if (node != null) {
            Set<String> allowed = Set.of(names);
            for (String name : node.propertyNames()) {
                if (!allowed.contains(name)) {
                    throw ConclaveException.invalidParam(field(name), "is not a parameter here; allowed: " + allowed);
                }
            }
        }
        return this;
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw ConclaveException.invalidParam(field(name), "is required");
        }
        return value;
    }

    String optionalString(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw ConclaveException.invalidParam(field(name), "must be a string");
        }
        return value.stringValue();
    }

    boolean requiredBoolean(String name) {
        JsonNode value = value(name);
        if (value == null) {
            throw ConclaveException.invalidParam(field(name), "is required");
        }
        if (!value.isBoolean()) {
            throw ConclaveException.invalidParam(field(name), "must be true or false");
        }
        return value.booleanValue();
    }

    Integer optionalInt(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ConclaveException.invalidParam(field(name), "must be an integer");
        }
        return value.intValue();
    }

    Params requiredObject(String name) {
        JsonNode value = value(name);
        if (value == null) {
            throw ConclaveException.invalidParam(field(name), "is required");
        }
        if (!value.isObject()) {
            throw ConclaveException.invalidParam(field(name), "must be an object");
        }
        return new Params(value, field(name));
    }

    /** The full name of a field, e.g. {@code payload.candidate.sdpMid}. */
    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The field's value; {@code null} when absent or JSON null. */
    private JsonNode value(String name) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }
}
