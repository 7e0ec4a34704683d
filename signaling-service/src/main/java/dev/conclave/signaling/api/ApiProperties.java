package dev.conclave.signaling.api;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param publicUrl where people open the conference page (the gateway's public URL), for the join links the API
 *                  hands out
 */
@Validated
@ConfigurationProperties("conclave.signaling.api")
public record ApiProperties(@NotNull URI publicUrl) {
}
