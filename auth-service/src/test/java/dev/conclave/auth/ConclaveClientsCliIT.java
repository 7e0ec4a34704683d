package dev.conclave.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RequiredServer;
import dev.conclave.testing.UsesPostgres;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code bin/conclave-clients}, run as an operator would: a process with the two environment variables set. */
@UsesPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        AuthServiceIT.SECRET_PROPERTY,
        "conclave.auth.issuer=" + AuthServiceIT.ISSUER,
        "conclave.auth.admin.password=" + ConclaveClientsCliIT.ADMIN_PASSWORD_AS_PROPERTY,
        "conclave.auth.bootstrap.clients[0].client-id=" + ConclaveClientsCliIT.DEPLOYED,
        "conclave.auth.bootstrap.clients[0].client-secret=cli-deployed-secret-0123456789",
        "conclave.auth.bootstrap.clients[0].scopes=rooms:read",
})
@DisplayName("the conclave-clients command line against a running auth-service")
class ConclaveClientsCliIT {

    /** Quotes and a backslash: the script must escape them for curl. */
    static final String ADMIN_PASSWORD = "cli-admin-password \"quoted\" \\ 0123";
    /** The same in properties syntax, where a backslash escapes. */
    static final String ADMIN_PASSWORD_AS_PROPERTY = "cli-admin-password \"quoted\" \\\\ 0123";
    static final String DEPLOYED = "cli-deployed-service";
    private static final Path SCRIPT = Path.of("bin", "conclave-clients").toAbsolutePath();

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private AuthHttp http;

    @BeforeAll
    static void requireCurl() {
        boolean curl = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "curl")));
        if (!curl) {
            throw RequiredServer.unavailable("curl", "bin/conclave-clients needs curl on the PATH (apt-get install -y curl)");
        }
    }

    @BeforeEach
    void connect() {
        http = new AuthHttp(port);
        assertThat(SCRIPT).as("the script, executable").isExecutable();
    }

    @Test
    @DisplayName("creates, lists, shows, rotates and revokes a client, printing the service's JSON")
    void lifecycle() {
        String clientId = "cli-" + UUID.randomUUID().toString().substring(0, 8);

        Run created = run("create", clientId, "rooms:read", "join-tokens:mint", "--description", "made by \"the\" CLI");
        created.assertSucceeded();
        JsonNode client = json.readTree(created.out());
        assertThat(client.get("clientId").asString()).isEqualTo(clientId);
        String secret = client.get("clientSecret").asString();
        String accessToken = http.accessToken(clientId, secret, "join-tokens:mint");

        Run listed = run("list");
        listed.assertSucceeded();
        assertThat(json.readTree(listed.out()).get("clients").findValuesAsString("clientId")).contains(clientId, DEPLOYED);
        assertThat(listed.out()).doesNotContain(secret);

        Run shown = run("show", clientId);
        shown.assertSucceeded();
        JsonNode shownClient = json.readTree(shown.out());
        assertThat(shownClient.get("description").asString()).isEqualTo("made by \"the\" CLI");
        assertThat(shownClient.get("scopes").valueStream().map(JsonNode::asString))
                .containsExactly("join-tokens:mint", "rooms:read");

        Run rotated = run("rotate", clientId);
        rotated.assertSucceeded();
        String newSecret = json.readTree(rotated.out()).get("clientSecret").asString();
        assertThat(http.tokenRequest(clientId, secret, "rooms:read").statusCode()).isEqualTo(401);
        http.accessToken(clientId, newSecret, "rooms:read");

        Run revoked = run("revoke", clientId);
        revoked.assertSucceeded();
        assertThat(revoked.out()).isEmpty();
        assertThat(http.tokenRequest(clientId, newSecret, "rooms:read").statusCode()).isEqualTo(401);
        assertThat(http.mint(accessToken, "{\"roomId\":\"r\",\"identity\":\"u\",\"displayName\":\"A\"}").statusCode())
                .isEqualTo(401);

        Run gone = run("show", clientId);
        gone.assertFailed(1);
        assertThat(gone.err()).contains("no API client has the client id " + clientId).contains("404");
    }

    @Nested
    @DisplayName("on errors")
    class Errors {

        @Test
        @DisplayName("exits 1 printing the problem's detail, naming the field, for a scope outside the catalogue")
        void badScope() {
            Run run = run("create", "cli-bad-scope", "rooms:admin");
            run.assertFailed(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("invalid fields").contains("scopes");
        }

        @Test
        @DisplayName("exits 1 with the detail for a bootstrap-configured client")
        void configuredClient() {
            Run run = run("revoke", DEPLOYED);
            run.assertFailed(1);
            assertThat(run.err()).contains("configured at deploy time; change the configuration instead");
            http.accessToken(DEPLOYED, "cli-deployed-secret-0123456789", "rooms:read");
        }

        @Test
        @DisplayName("exits 1 saying the credentials are wrong for a wrong admin password")
        void wrongPassword() {
            Run run = run(Map.of("CONCLAVE_AUTH_URL", http.base(), "CONCLAVE_ADMIN_PASSWORD", "not-the-password"), "list");
            run.assertFailed(1);
            assertThat(run.err()).contains("the admin credentials are wrong").contains("401");
        }

        @Test
        @DisplayName("exits 1 naming the URL when auth-service cannot be reached")
        void unreachable() {
            Run run = run(Map.of("CONCLAVE_AUTH_URL", "http://127.0.0.1:1", "CONCLAVE_ADMIN_PASSWORD", ADMIN_PASSWORD), "list");
            run.assertFailed(1);
            assertThat(run.err()).contains("cannot reach auth-service at http://127.0.0.1:1/admin/v1/clients");
        }

        @Test
        @DisplayName("exits 2 with usage hints for a missing setting, an unknown command or a missing argument")
        void usageErrors() {
            Run noUrl = run(Map.of("CONCLAVE_ADMIN_PASSWORD", ADMIN_PASSWORD), "list");
            noUrl.assertFailed(2);
            assertThat(noUrl.err()).contains("CONCLAVE_AUTH_URL");
            Run noPassword = run(Map.of("CONCLAVE_AUTH_URL", http.base()), "list");
            noPassword.assertFailed(2);
            assertThat(noPassword.err()).contains("CONCLAVE_ADMIN_PASSWORD");
            run("frobnicate").assertFailed(2);
            run("create", "only-an-id").assertFailed(2);
            run("show").assertFailed(2);
            Run pathLike = run("show", "../../actuator");
            pathLike.assertFailed(2);
            assertThat(pathLike.err()).contains("is not a client id");
        }
    }

    @Test
    @DisplayName("prints its usage for --help, naming every command and both environment variables")
    void help() {
        Run run = run(Map.of(), "--help");
        run.assertSucceeded();
        assertThat(run.out()).contains("create <clientId> <scope>...", "list", "show <clientId>", "rotate <clientId>",
                "revoke <clientId>", "CONCLAVE_AUTH_URL", "CONCLAVE_ADMIN_PASSWORD", "join-tokens:mint");
    }

    private Run run(String... arguments) {
        return run(Map.of("CONCLAVE_AUTH_URL", http.base() + "/", "CONCLAVE_ADMIN_PASSWORD", ADMIN_PASSWORD), arguments);
    }

    private static Run run(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CONCLAVE_AUTH_URL");
        builder.environment().remove("CONCLAVE_ADMIN_PASSWORD");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("conclave-clients " + String.join(" ", arguments) + " did not finish in 60 s");
            }
            return new Run(String.join(" ", arguments), process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Run(String command, int exitCode, String out, String err) {

        void assertSucceeded() {
            assertThat(exitCode).as("exit code of %s; stderr: %s", command, err).isZero();
        }

        void assertFailed(int expected) {
            assertThat(exitCode).as("exit code of %s; stdout: %s; stderr: %s", command, out, err).isEqualTo(expected);
        }
    }
}
