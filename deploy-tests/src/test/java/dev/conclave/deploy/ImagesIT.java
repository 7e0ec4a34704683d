package dev.conclave.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.DisplayName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each service image as the build made it: who it runs as, what it says it is, and that its health check works. */
@DisplayName("the service images")
class ImagesIT {

    static final List<String> services = Podman.SERVICES;

    @ParameterizedTest(name = "{0}")
    @FieldSource("services")
    @DisplayName("run as a non-root user, carry OCI labels with version and commit, and start Java with the service's "
            + "JVM options file")
    void describedAndNonRoot(String service) {
        Podman.requireImages(List.of(Podman.image(service)));
        JsonNode config = inspect(service).get("Config");
        assertThat(config.get("User").asString()).isEqualTo("65532:65532");
        JsonNode labels = config.get("Labels");
        assertThat(labels.get("org.opencontainers.image.title").asString()).isEqualTo(service);
        assertThat(labels.get("org.opencontainers.image.version").asString()).isEqualTo(Podman.VERSION);
        assertThat(labels.get("org.opencontainers.image.revision").asString()).matches("[0-9a-f]{40}");
        assertThat(config.get("Entrypoint").get(0).asString()).isEqualTo("java");
        assertThat(config.get("Entrypoint").get(1).asString()).isEqualTo("@/app/jvm.options");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("services")
    @DisplayName("size the JVM from the container's memory limit with the options the benchmark measured: "
            + "full JIT, heap three quarters of the limit, the serial collector, exit on out-of-memory")
    void jvmOptionsApply(String service) {
        Podman.requireImages(List.of(Podman.image(service)));
        Podman.Result flags = Podman.run(Duration.ofMinutes(1), "podman", "run", "--rm", "--memory", "1g",
                "--entrypoint", "java", Podman.image(service), "@/app/jvm.options", "-XX:+PrintFlagsFinal", "-version");
        assertThat(flags.exitCode()).as(flags.output()).isZero();
        assertThat(flags.output())
                .containsPattern("size_t MaxHeapSize\\s+= " + (768L * 1024 * 1024) + "\\s")
                .containsPattern("bool UseSerialGC\\s+= true")
                .containsPattern("bool ExitOnOutOfMemoryError\\s+= true")
                .containsPattern("intx TieredStopAtLevel\\s+= 4\\s");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("services")
    @DisplayName("carry the health check script: it fails while nothing answers, and says how it is used")
    void healthCheckScript(String service) {
        Podman.requireImages(List.of(Podman.image(service)));
        Podman.Result nothingListening = Podman.run(Duration.ofMinutes(1), "podman", "run", "--rm", "--entrypoint",
                "/usr/local/bin/conclave-health", Podman.image(service), "8080");
        assertThat(nothingListening.exitCode()).as(nothingListening.output()).isEqualTo(1);
        Podman.Result noPort = Podman.run(Duration.ofMinutes(1), "podman", "run", "--rm", "--entrypoint",
                "/usr/local/bin/conclave-health", Podman.image(service));
        assertThat(noPort.exitCode()).isNotZero();
        assertThat(noPort.output()).contains("usage: conclave-health PORT");
    }

    private static JsonNode inspect(String service) {
        String json = Podman.podman("image", "inspect", Podman.image(service));
        String array = json.substring(json.indexOf('['));
        return JsonMapper.builder().build().readTree(array).get(0);
    }
}
