package dev.conclave.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml read as an operator's engine reads it, for what CI cannot run: CI's compose run has no Kurento
 * image (none is reachable), so the SFU half of the file — the Kurento service, its ports, media-service's worker and
 * signaling's media target — is checked here, with every service's environment against its real settings.
 */
class ComposeFileTest {

    private static final Map<String, String> SERVICES = Map.of("gateway", "gateway-service",
            "signaling-1", "signaling-service", "signaling-2", "signaling-service", "media-1", "media-service", "media-2", "media-service",
            "auth", "auth-service");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        Path file = Path.of(System.getProperty("conclave.home", "..")).resolve("docker-compose.yml");
        try (InputStream in = Files.newInputStream(file)) {
            services = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(in).get("services");
        }
    }

    @Test
    void everyServiceSetsOnlySettingsItHasAndNoSecretInTheFile() {
        SERVICES.forEach((name, module) -> {
            ServiceSettings settings = ServiceSettings.of(module);
            environment(name).forEach((variable, value) -> {
                settings.keyOf(variable);
                if (variable.matches(".*(SECRET|PASSWORD).*")) {
                    assertThat(value).as(name + " " + variable).matches("\\$\\{[A-Z_]+:\\?.+}");
                }
            });
        });
        assertThat(environment("postgres").get("POSTGRES_PASSWORD")).startsWith("${POSTGRES_PASSWORD:?");
    }

    @Test
    void onlyTheGatewayTurnAndKurentosMediaPortsArePublished() {
        services.forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            List<String> ports = (List<String>) service.getOrDefault("ports", List.of());
            switch (name) {
                case "gateway" -> assertThat(ports).containsExactly("${CONCLAVE_BIND_ADDRESS:-127.0.0.1}:"
                        + "${CONCLAVE_HTTP_PORT:-8080}:8080");
                case "coturn" -> assertThat(ports).allMatch(p -> p.contains(":3478:3478/") || p.endsWith("/udp"));
                case "kms" -> assertThat(ports).singleElement().asString().endsWith(":40000-40099:40000-40099/udp");
                default -> assertThat(ports).as(name + " is internal").isEmpty();
            }
            ports.forEach(p -> assertThat(p).as(name).startsWith("${CONCLAVE_BIND_ADDRESS:-127.0.0.1}:"));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceIsHealthCheckedAndWaitsForHealthyDependencies() {
        services.forEach((name, service) -> {
            assertThat(service).as(name + " health check").containsKey("healthcheck");
            Object depends = service.get("depends_on");
            if (depends != null) {
                ((Map<String, Map<String, String>>) depends).forEach((dependency, condition) -> {
                    assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
                    assertThat(condition).containsEntry("condition", "service_healthy");
                });
            }
        });
    }

    @Test
    void sfuRoomsReachKurentoThroughMediaService() {
        Map<String, Object> kms = services.get("kms");
        assertThat(kms.get("image")).isEqualTo("kurento/kurento-media-server:7.2.0");
        assertThat(environment("kms")).containsEntry("KMS_MIN_PORT", "40000").containsEntry("KMS_MAX_PORT", "40099")
                .containsKeys("KMS_NETWORK_INTERFACES", "KMS_EXTERNAL_IPV4");
        String grpcPort = String.valueOf(ServiceSettings.of("media-service").get("conclave.media.grpc.port"));
        for (String replica : List.of("media-1", "media-2")) {
            assertThat(environment(replica)).containsEntry("CONCLAVE_MEDIA_WORKERS_0_URL", "ws://kms:8888/kurento")
                    .containsEntry("CONCLAVE_MEDIA_REPLICA_ID", replica)
                    .containsEntry("CONCLAVE_MEDIA_REPLICA_ADVERTISEDADDRESS", replica + ":" + grpcPort);
        }
        for (String node : List.of("signaling-1", "signaling-2")) {
            assertThat(environment(node)).containsEntry("CONCLAVE_SIGNALING_MEDIA_TARGET",
                            "media-1:" + grpcPort + ",media-2:" + grpcPort)
                    .containsEntry("CONCLAVE_SIGNALING_JOINTOKENS_ISSUER", environment("auth").get("CONCLAVE_AUTH_ISSUER"));
        }
        assertThat(environment("gateway").get("CONCLAVE_GATEWAY_UPSTREAMS_SIGNALING"))
                .isEqualTo("http://signaling-1:8081,http://signaling-2:8081");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Map<String, Object> env = (Map<String, Object>) services.get(service).getOrDefault("environment", Map.of());
        Map<String, String> values = new java.util.TreeMap<>();
        env.forEach((k, v) -> {
            if (!k.equals("<<")) {
                values.put(k, String.valueOf(v));
            }
        });
        return values;
    }
}
