package dev.conclave.gateway.routing;

import java.time.Duration;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway looks the services' names up again every few seconds, whatever TTL its DNS server gives. A service
 * that is restarted can come back on another address (podman's DNS answers with a TTL of a day, and Netty's resolver
 * would keep the old address all that time: every request and health check to that service failing with "no route
 * to host" until the gateway itself restarted).
 */
@Configuration(proxyBeanMethods = false)
class UpstreamDns {

    /** The longest an answer is kept. */
    static final Duration MAX_TTL = Duration.ofSeconds(5);
    /** How long "no such name" is kept: a service being recreated is found as soon as it is back. */
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(1);

    /** {@code client} with the short lookup cache. */
    static HttpClient resolvingAgain(HttpClient client) {
        return client.resolver(spec -> spec.cacheMaxTimeToLive(MAX_TTL).cacheNegativeTimeToLive(NEGATIVE_TTL));
    }

    /** The proxying client of every route. */
    @Bean
    HttpClientCustomizer upstreamLookupsExpire() {
        return UpstreamDns::resolvingAgain;
    }
}
