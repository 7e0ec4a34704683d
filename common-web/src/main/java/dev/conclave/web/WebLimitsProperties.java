package dev.conclave.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestBody the largest request body a REST edge reads (413 {@code content-too-large} past it). The
 *                       largest legitimate bodies are a room's 16 KiB of metadata (as JSON, which a client may escape
 *                       to several times that), so 256 KiB leaves room and still refuses a body of megabytes unread.
 */
@ConfigurationProperties("conclave.web")
public record WebLimitsProperties(@DefaultValue("256KB") DataSize maxRequestBody) {
}
