package dev.conclave.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import tools.jackson.core.JacksonException;

/**
 * The {@code errors} member of a validation problem: one {@code {"field", "message"}} per bad field, whether Bean
 * Validation found it or the JSON reader did.
 */
public final class FieldErrors {

    static final int MAX_MESSAGE = 300;

    private FieldErrors() {
    }

    public static List<Map<String, String>> of(BindingResult result) {
        return result.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
    }

    /** The field a body failed to read at, if the reader got as far as one. */
    public static List<Map<String, String>> of(HttpMessageNotReadableException failure) {
        JacksonException cause = jacksonCause(failure);
        if (cause == null || cause.getPath().isEmpty()) {
            return List.of();
        }
        return List.of(Map.of("field", path(cause), "message", bounded(cause.getOriginalMessage())));
    }

    /** What the JSON reader said, for a body that is not JSON at all. */
    public static String readerMessage(HttpMessageNotReadableException failure) {
        JacksonException cause = jacksonCause(failure);
        return cause == null ? "the request body is missing or unreadable" : bounded(cause.getOriginalMessage());
    }

    /**
     * The reader's messages quote the value they could not read, however long: a 2 MiB string sent where a boolean
     * belongs came back whole in the problem. They are cut to {@value #MAX_MESSAGE} characters.
     */
    static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        int end = MAX_MESSAGE;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + "… (" + message.length() + " characters)";
    }

    private static JacksonException jacksonCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    private static String path(JacksonException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
