package dev.conclave.signaling.support;

import dev.conclave.signaling.SignalingServiceApplication;
import dev.conclave.testing.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A signaling node of a test's own, for tests that need settings (or a database, a Redis) the shared test context does
 * not have: a free port, the test's PostgreSQL, join tokens from a {@link TestTokenIssuer}, and any further
 * {@code --key=value} settings.
 */
public final class StandaloneNode {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StandaloneNode() {
    }

    public static ConfigurableApplicationContext start(PostgresServer database, TestTokenIssuer tokens, String nodeId,
                                                       String... settings) {
        return start(database.jdbcUrl(), database, tokens, nodeId, settings);
    }

    /** The same, reaching the database at {@code jdbcUrl} (through a fault proxy, say) with its credentials. */
    public static ConfigurableApplicationContext start(String jdbcUrl, PostgresServer database, TestTokenIssuer tokens,
                                                       String nodeId, String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--conclave.signaling.node-id=" + nodeId,
                "--conclave.signaling.join-tokens.issuer=" + TestTokenIssuer.ISSUER,
                "--conclave.signaling.join-tokens.auth-uri=" + tokens.baseUri(),
                "--conclave.signaling.join-tokens.jwks-uri=" + tokens.jwksUri(),
                "--spring.security.oauth2.client.registration.auth-service.client-secret=test-client-secret"));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(SignalingServiceApplication.class).run(arguments.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** The HTTP status of a GET of {@code path} on the node (its health groups, say). */
    public static int status(ConfigurableApplicationContext node, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(node) + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
