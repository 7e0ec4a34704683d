package dev.conclave.signaling.support;

import dev.conclave.signaling.SignalingServiceApplication;
import dev.conclave.testing.PostgresServer;
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

    private StandaloneNode() {
    }

    public static ConfigurableApplicationContext start(PostgresServer database, TestTokenIssuer tokens, String nodeId,
                                                       String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
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
}
