package dev.conclave.gateway.web;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the gateway gives itself: RFC 7807 problem documents in the services' catalogue (the same {@code type} and
 * numeric {@code code} signaling-service gives the same failure), with {@code Retry-After} where one applies.
 */
@Component
public class ProblemResponses {

    /** Too many requests from one client address: signaling's {@code RATE_LIMITED}. */
    public static final Problem RATE_LIMITED = new Problem("rate-limited", 1001);
    /** No service instance to take the request now: signaling's {@code UNAVAILABLE}. */
    public static final Problem UNAVAILABLE = new Problem("unavailable", -32000);

    /** A catalogue entry: its type {@code urn:conclave:problem:<name>} and its code. */
    public record Problem(String name, int code) {
    }

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /**
     * Writes {@code status} with the problem document of {@code type}, telling the client when to try again (whole
     * seconds, at least one; also as {@code retryAfterSeconds}).
     */
    public Mono<Void> retryLater(ServerHttpResponse response, HttpStatus status, Problem type, String detail,
                                 Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:conclave:problem:" + type.name()));
        problem.setProperty("code", type.code());
        problem.setProperty("retryAfterSeconds", seconds);
        response.setStatusCode(status);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json.writeValueAsBytes(problem))));
    }
}
