package dev.conclave.local;

import java.util.Map;
import java.util.stream.Collectors;

/** Just enough JSON to hand a service its flat map of properties (this launcher carries no JSON library). */
final class Json {

    private Json() {
    }

    static String object(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(entry -> string(entry.getKey()) + ":" + string(entry.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
