package dev.conclave.signaling.text;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What text may travel on Conclave's wires. Every frame and body goes out as UTF-8, and UTF-8 cannot encode an
 * unpaired UTF-16 surrogate ({@code "\ud800"} is valid JSON, but no character): such text is refused where it comes
 * in (both edges, join tokens) and, should any still reach an outgoing frame, that one frame is dropped. Text shown
 * to people (chat, system messages) also may not hold control characters other than tab and line breaks; display
 * names none at all (their pattern says so). Other strings — SDP, candidates, metadata — may hold any encodable
 * text: JSON escapes control characters.
 */
public final class WireText {

    private WireText() {
    }

    /** Where the first character UTF-8 cannot encode (an unpaired surrogate) is, or -1 if there is none. */
    public static int firstUnencodable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean encodable(CharSequence text) {
        return firstUnencodable(text) < 0;
    }

    /** How many bytes the text takes in UTF-8, or -1 if it cannot be encoded at all. */
    public static int encodedLength(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return -1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * How many bytes the text takes in UTF-8, without checking it: for parts of a message, which may end or begin
     * inside a surrogate pair (each half counts 2).
     */
    public static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** Where the first control character other than tab, line feed and carriage return is, or -1. */
    public static int firstControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Why text shown to people (chat, a system message) cannot be sent, or {@code null} when it can: it must be
     * encodable and hold no control character but tab and line breaks.
     */
    public static String problemWithMessage(CharSequence text) {
        int bad = firstUnencodable(text);
        if (bad >= 0) {
            return unencodable(bad);
        }
        bad = firstControl(text);
        if (bad >= 0) {
            return "must not contain control characters other than tab and line breaks (U+%04X at index %d)"
                    .formatted((int) text.charAt(bad), bad);
        }
        return null;
    }

    /** The words for text UTF-8 cannot encode, at index {@code at}. */
    public static String unencodable(int at) {
        return "cannot be encoded as UTF-8: it holds an unpaired surrogate (no character) at index " + at;
    }

    /** The text with every unpaired surrogate replaced by U+FFFD, to quote it safely (a field name, say). */
    public static String quotable(String text) {
        if (encodable(text)) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                safe.append(c).append(text.charAt(++i));
            } else {
                safe.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return safe.toString();
    }

    /**
     * Where in a value the first text UTF-8 cannot encode is — a string, a key of a map or JSON object, anywhere inside
     * maps, lists, arrays, records and JSON trees — or {@code null} when there is none.
     *
     * @param path the value's own name ({@code ""} for the root); the finding names the string below it, as
     *             {@code metadata.tags[1]}
     */
    public static Unencodable find(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence text) {
            int at = firstUnencodable(text);
            return at < 0 ? null : new Unencodable(path, at);
        }
        if (value instanceof JsonNode node) {
            return findInJson(node, path);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                Unencodable found = keyOrValue(key, entry.getValue(), path);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Iterable<?> elements) {
            int index = 0;
            for (Object element : elements) {
                Unencodable found = find(element, path + "[" + index++ + "]");
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Object[] elements) {
            for (int i = 0; i < elements.length; i++) {
                Unencodable found = find(elements[i], path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Record) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                Unencodable found = find(read(component, value), field(path, component.getName()));
                if (found != null) {
                    return found;
                }
            }
        }
        return null; // numbers, booleans, enums: nothing to encode
    }

    private static Unencodable findInJson(JsonNode node, String path) {
        if (node.isString()) {
            return find(node.stringValue(), path);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                Unencodable found = keyOrValue(property.getKey(), property.getValue(), path);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Unencodable found = findInJson(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Unencodable keyOrValue(String key, Object value, String path) {
        String field = field(path, quotable(key));
        int at = firstUnencodable(key);
        return at >= 0 ? new Unencodable(field, at) : find(value, field);
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object read(RecordComponent component, Object record) {
        Method accessor = component.getAccessor();
        try {
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }

    /**
     * Text UTF-8 cannot encode, found at {@code field} (its name made quotable), at index {@code at} of that string
     * (or of that key, when the key itself is the problem).
     */
    public record Unencodable(String field, int at) {
        /** What to tell the sender, after the field's name. */
        public String problem() {
            return unencodable(at);
        }
    }
}
