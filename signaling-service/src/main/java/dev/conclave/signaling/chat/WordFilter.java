package dev.conclave.signaling.chat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Finds a filtered word in a message: whole words, any case. Applied before a message reaches anyone. */
final class WordFilter {

    private final Pattern pattern;

    WordFilter(List<String> words) {
        List<String> cleaned = words.stream().map(String::strip).filter(word -> !word.isEmpty()).toList();
        this.pattern = cleaned.isEmpty() ? null : Pattern.compile(cleaned.stream().map(Pattern::quote)
                .collect(Collectors.joining("|", "(?<![\\p{L}\\p{N}])(", ")(?![\\p{L}\\p{N}])")),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    Optional<String> firstMatch(String text) {
        if (pattern == null) {
            return Optional.empty();
        }
        var matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
