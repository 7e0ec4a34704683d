package dev.conclave.e2e;

import dev.conclave.local.Database;
import dev.conclave.local.LocalPlatform;
import dev.conclave.local.PlatformOptions;
import dev.conclave.local.Service;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A platform of its own for a test class that needs other settings than the shared {@link RunningPlatform}: auth, one
 * signaling node, gateway (and media-service with Kurento workers), on free ports, with its own database and state.
 */
final class DedicatedPlatform {

    private DedicatedPlatform() {
    }

    /** @param name names the database ({@code conclave_<name>}) and the state folder ({@code …-<name>}) */
    static LocalPlatform start(String name, UnaryOperator<PlatformOptions> settings) {
        PostgresServer postgres = TestPostgres.database("conclave_" + name);
        Map<Service, Integer> freePorts = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            freePorts.put(service, 0);
        }
        PlatformOptions options = settings.apply(PlatformOptions.localDefaults(
                        Path.of(System.getProperty("conclave.home", "..")))
                .withJvmArgs(PlatformOptions.QUICK_START_JVM)
                .withStateDir(Path.of(System.getProperty("conclave.e2e.state", "target/e2e-state") + "-" + name))
                .withPorts(freePorts)
                .withDatabase(new Database(postgres.jdbcUrl(), postgres.username(), postgres.password())));
        return launch(options);
    }

    /** Starts the platform, its output on the console. */
    static LocalPlatform launch(PlatformOptions options) {
        try {
            return LocalPlatform.start(options, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
