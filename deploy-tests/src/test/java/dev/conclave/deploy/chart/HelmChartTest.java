package dev.conclave.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, rendered by a real helm (helm-java's native binary) with its default values and with a production-like
 * values file, and checked object by object as a cluster and an operator would: no cluster is needed, and none is here.
 */
class HelmChartTest {

    /** Conclave's services: chart workload name, Maven module (whose application.yml holds its settings). */
    private static final Map<String, String> SERVICES = Map.of("gateway", "gateway-service",
            "signaling", "signaling-service", "media-service", "media-service", "auth-service", "auth-service");

    private static final Path PRODUCTION = RenderedChart.chartDirectory().resolve("ci/production-values.yaml");

    static Stream<Arguments> renderings() {
        return Stream.of(Arguments.of("default values", RenderedChart.render(t -> t)),
                Arguments.of("production values", RenderedChart.render(t -> t.withValuesFile(PRODUCTION))));
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(RenderedChart.chartDirectory()).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyWorkloadHasProbesResourcesAPinnedImageAPodDisruptionBudgetAndANetworkPolicy(String values,
                                                                                           RenderedChart chart) {
        assertThat(chart.workloads().keySet())
                .containsExactlyInAnyOrder("gateway", "signaling", "media-service", "auth-service", "kms", "coturn");
        chart.workloads().forEach((name, pod) -> {
            for (Container container : pod.getSpec().getContainers()) {
                assertThat(container.getLivenessProbe()).as(name + " liveness").isNotNull();
                assertThat(container.getReadinessProbe()).as(name + " readiness").isNotNull();
                assertThat(container.getResources().getRequests()).as(name + " requests")
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name + " limits").containsKey("memory");
                assertThat(container.getImage()).as(name + " image").matches("[^:]+:[^:]+").doesNotEndWith(":latest");
            }
            assertThat(selecting(chart.all(PodDisruptionBudget.class), pod, p -> p.getSpec().getSelector()))
                    .as(name + " PodDisruptionBudget").hasSize(1);
            assertThat(chart.all(NetworkPolicy.class).stream()
                    .filter(p -> matches(p.getSpec().getPodSelector(), pod)))
                    .as(name + " NetworkPolicy").hasSize(1);
            assertThat(pod.getSpec().getServiceAccountName()).as(name + " ServiceAccount").isEqualTo(name);
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).as(name + " API token").isFalse();
        });
        chart.all(Deployment.class).forEach(d -> assertThat(matches(d.getSpec().getSelector(), d.getSpec()
                .getTemplate())).as(d.getMetadata().getName() + " selects its own pods").isTrue());
        chart.all(DaemonSet.class).forEach(d -> assertThat(matches(d.getSpec().getSelector(), d.getSpec()
                .getTemplate())).as(d.getMetadata().getName() + " selects its own pods").isTrue());
    }

    /**
     * The local run and the bench start each service with its image's JVM options under this memory limit, so that
     * what they measure is what the chart deploys: the two must not drift apart.
     */
    @Test
    void servicesStartedOnOneMachineGetTheMemoryTheChartGivesTheirContainers() {
        RenderedChart chart = RenderedChart.render(t -> t);
        // Kubernetes has a Service too: Conclave's services by their full name
        Map<dev.conclave.local.Service, String> workloads = Map.of(dev.conclave.local.Service.AUTH, "auth-service",
                dev.conclave.local.Service.MEDIA, "media-service", dev.conclave.local.Service.SIGNALING, "signaling",
                dev.conclave.local.Service.GATEWAY, "gateway");
        for (dev.conclave.local.Service service : dev.conclave.local.Service.values()) {
            Quantity limit = chart.container(workloads.get(service)).getResources().getLimits().get("memory");
            assertThat(Quantity.getAmountInBytes(limit).longValueExact()).as(service.module())
                    .isEqualTo(service.memoryLimitMib() * 1024L * 1024L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void javaServicesProbeTheirHealthGroupsAndRunLockedDown(String values, RenderedChart chart) {
        SERVICES.keySet().forEach(name -> {
            Container c = chart.container(name);
            assertThat(path(c.getLivenessProbe())).as(name).isEqualTo("/actuator/health/liveness");
            assertThat(path(c.getStartupProbe())).as(name).isEqualTo("/actuator/health/liveness");
            assertThat(path(c.getReadinessProbe())).as(name).isEqualTo("/actuator/health/readiness");
            var security = c.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
            var pod = chart.workloads().get(name).getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isEqualTo(65532L);
            assertThat(c.getVolumeMounts()).as(name + " writable /tmp").anyMatch(m -> m.getMountPath().equals("/tmp"));
        });
        // A Redis or PostgreSQL outage takes a signaling pod out of the Service, never restarts it: readiness
        // follows them, liveness does not.
        ServiceSettings signaling = ServiceSettings.of("signaling-service");
        assertThat(String.valueOf(signaling.get("management.endpoint.health.group.readiness.include")))
                .contains("redis", "db");
        assertThat(signaling.get("management.endpoint.health.group.liveness.include")).isNull();
        // The gateway's probes are on the management port, not the public one.
        assertThat(port(chart.container("gateway").getReadinessProbe())).isEqualTo("9080");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void portsAndEnvironmentMatchEachServicesSettings(String values, RenderedChart chart) {
        SERVICES.forEach((name, module) -> {
            ServiceSettings settings = ServiceSettings.of(module);
            Container c = chart.container(name);
            // a variable only there to be put into another's value, $(NAME), is no setting of its own
            List<String> interpolated = c.getEnv().stream().filter(env -> env.getValue() != null)
                    .flatMap(env -> java.util.regex.Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(env.getValue())
                            .results().map(match -> match.group(1))).toList();
            for (EnvVar env : c.getEnv()) {
                if (!interpolated.contains(env.getName())) {
                    settings.keyOf(env.getName());
                }
            }
            assertThat(containerPort(c, "http")).as(name + " http port")
                    .isEqualTo(Integer.valueOf(String.valueOf(settings.get("server.port"))));
            Service service = chart.named(Service.class, name);
            assertThat(matches(service.getSpec().getSelector(), chart.workloads().get(name))).as(name).isTrue();
            service.getSpec().getPorts().forEach(p -> assertThat(c.getPorts()).extracting(ContainerPort::getName)
                    .as(name + " Service port " + p.getName()).contains(p.getTargetPort().getStrVal()));
        });
        assertThat(containerPort(chart.container("media-service"), "grpc")).isEqualTo(
                Integer.valueOf(String.valueOf(ServiceSettings.of("media-service").get("conclave.media.grpc.port"))));
        // Every address each service is given names a Service the chart has, on a port it serves.
        assertThat(chart.env("gateway", "CONCLAVE_GATEWAY_UPSTREAMS_SIGNALING")).isEqualTo("http://signaling:8081");
        assertThat(chart.env("gateway", "CONCLAVE_GATEWAY_UPSTREAMS_AUTH")).isEqualTo("http://auth-service:9000");
        assertThat(chart.env("signaling", "CONCLAVE_SIGNALING_MEDIA_TARGET"))
                .isEqualTo("media-service-replicas." + RenderedChart.NAMESPACE + ".svc.cluster.local:9090");
        Service replicas = chart.named(Service.class, "media-service-replicas");
        assertThat(replicas.getSpec().getClusterIP()).as("media-service-replicas lists every replica (headless)")
                .isEqualTo("None");
        assertThat(matches(replicas.getSpec().getSelector(), chart.workloads().get("media-service"))).isTrue();
        assertThat(chart.env("media-service", "CONCLAVE_MEDIA_REPLICA_ADVERTISEDADDRESS"))
                .as("each replica is reached at its pod's address").isEqualTo("$(POD_IP):9090");
        assertThat(chart.env("signaling", "CONCLAVE_SIGNALING_JOINTOKENS_ISSUER"))
                .isEqualTo(chart.env("auth-service", "CONCLAVE_AUTH_ISSUER"));
        assertThat(chart.env("media-service", "CONCLAVE_MEDIA_DISCOVERY"))
                .isEqualTo("kms." + RenderedChart.NAMESPACE + ".svc.cluster.local:8888");
        Service kms = chart.named(Service.class, "kms");
        assertThat(kms.getSpec().getClusterIP()).as("kms is a headless Service (one DNS record per worker)")
                .isEqualTo("None");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void noSecretIsWrittenIntoTheChart(String values, RenderedChart chart) {
        assertThat(chart.all()).extracting(HasMetadata::getKind).doesNotContain("Secret");
        chart.workloads().forEach((name, pod) -> pod.getSpec().getContainers().forEach(c -> c.getEnv().forEach(e -> {
            if (e.getName().matches(".*(SECRET|PASSWORD|CREDENTIAL).*")) {
                assertThat(e.getValue()).as(name + " " + e.getName()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef()).as(name + " " + e.getName()).isNotNull();
            }
            if (e.getValue() != null) {
                assertThat(e.getValue()).as(name + " " + e.getName()).doesNotContainPattern(":[^/@$]+@");
            }
        })));
        Container coturn = chart.container("coturn");
        coturn.getArgs().stream().filter(arg -> arg.matches("--[a-z-]*secret=.*")).forEach(arg -> {
            String variable = arg.replaceFirst(".*=\\$\\((\\w+)\\)$", "$1");
            assertThat(coturn.getEnv()).as(arg + " refers to a variable from a Secret")
                    .anyMatch(e -> e.getName().equals(variable) && e.getValueFrom().getSecretKeyRef() != null);
        });
    }

    @Test
    void productionRedisPasswordComesFromItsSecret() {
        RenderedChart chart = RenderedChart.render(t -> t.withValuesFile(PRODUCTION));
        Container signaling = chart.container("signaling");
        List<String> names = signaling.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("REDIS_PASSWORD")).as("defined before the URI that refers to it")
                .isLessThan(names.indexOf("CONCLAVE_SIGNALING_CLUSTER_REDISURI")).isNotNegative();
        assertThat(chart.env("signaling", "CONCLAVE_SIGNALING_CLUSTER_REDISURI"))
                .isEqualTo("redis://:$(REDIS_PASSWORD)@redis.prod.internal:6379");
        assertThat(chart.env("signaling", "CONCLAVE_SIGNALING_API_PUBLICURL")).isEqualTo("https://meet.example.com");
        assertThat(chart.env("signaling", "CONCLAVE_SIGNALING_ICE_TURN_URLS"))
                .isEqualTo("turn:turn.example.com:3478?transport=udp,turn:turn.example.com:3478?transport=tcp");
        SERVICES.forEach((name, module) -> assertThat(chart.container(name).getImage())
                .as("the image Jib builds for " + module)
                .isEqualTo("registry.example.com/conclave/" + module + ":" + System.getProperty("conclave.version")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void signalingAndKurentoDrainBeforeTheyStop(String values, RenderedChart chart) {
        PodTemplateSpec signaling = chart.workloads().get("signaling");
        Container s = signaling.getSpec().getContainers().get(0);
        assertThat(s.getLifecycle().getPreStop().getExec().getCommand()).first().isEqualTo("sleep");
        long preStop = Long.parseLong(s.getLifecycle().getPreStop().getExec().getCommand().get(1));
        assertThat(signaling.getSpec().getTerminationGracePeriodSeconds()).as("grace covers preStop and the drain")
                .isGreaterThan(preStop + 20);
        Container kms = chart.container("kms");
        assertThat(String.join(" ", kms.getLifecycle().getPreStop().getExec().getCommand()))
                .contains("/drain", "\"moveRooms\":true");
        var kmsPod = chart.workloads().get("kms").getSpec();
        assertThat(kmsPod.getHostNetwork()).isTrue();
        assertThat(kmsPod.getNodeSelector()).containsEntry("conclave.dev/media", "true");
        assertThat(kmsPod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(60L);
        assertThat(chart.env("kms", "KMS_MIN_PORT")).isEqualTo("40000");
        assertThat(chart.env("kms", "KMS_MAX_PORT")).isEqualTo("40999");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void onlyTheGatewayIsPublic(String values, RenderedChart chart) {
        for (NetworkPolicy policy : chart.all(NetworkPolicy.class)) {
            String name = policy.getMetadata().getName();
            policy.getSpec().getIngress().forEach(rule -> {
                boolean fromAnywhere = rule.getFrom() == null || rule.getFrom().isEmpty();
                if (fromAnywhere) {
                    assertThat(name).as("only public ports are open to anyone").isIn("gateway", "kms", "coturn");
                    rule.getPorts().forEach(p -> {
                        if (name.equals("gateway")) {
                            assertThat(p.getPort().getIntVal()).isEqualTo(8080);
                        } else {
                            assertThat(p.getProtocol()).as(name + " media ports are UDP").isIn("UDP", "TCP");
                            assertThat(p.getPort().getIntVal()).isNotEqualTo(8888);
                        }
                    });
                }
                rule.getFrom().forEach(peer -> assertThat(peer.getNamespaceSelector() == null
                        || !peer.getNamespaceSelector().getMatchLabels().isEmpty())
                        .as(name + ": no rule lets in every namespace").isTrue());
            });
        }
        NetworkPolicy kms = chart.named(NetworkPolicy.class, "kms");
        assertThat(kms.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> Objects.equals(p.getPort().getIntVal(), 8888)))
                .flatMap(r -> r.getFrom().stream()).map(NetworkPolicyPeer::getPodSelector)
                .map(s -> s.getMatchLabels().get("app.kubernetes.io/name")))
                .as("Kurento's control port only from media-service").containsExactly("media-service");
        // Prometheus scrapes the gateway on its management port, never the public one.
        chart.find(ServiceMonitor.class, "gateway").ifPresent(monitor ->
                assertThat(monitor.getSpec().getEndpoints()).extracting(e -> e.getPort()).containsExactly("management"));
    }

    @Test
    void productionValuesAutoscaleSignalingAndKeepWebSocketsOpen() {
        RenderedChart chart = RenderedChart.render(t -> t.withValuesFile(PRODUCTION));
        HorizontalPodAutoscaler hpa = chart.named(HorizontalPodAutoscaler.class, "signaling");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("signaling");
        assertThat(chart.find(Deployment.class, hpa.getSpec().getScaleTargetRef().getName())).isPresent();
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getResource().getName()).containsExactly("cpu");
        assertThat(chart.named(Deployment.class, "signaling").getSpec().getReplicas())
                .as("the HPA owns the replica count").isNull();
        Ingress ingress = chart.named(Ingress.class, "conclave");
        assertThat(Long.parseLong(ingress.getMetadata().getAnnotations()
                .get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThanOrEqualTo(3600);
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo("gateway");
        assertThat(backend.getPort().getName()).isEqualTo("http");
        assertThat(chart.all(ServiceMonitor.class)).hasSize(4);
        assertThat(chart.named(Deployment.class, "media-service").getSpec().getReplicas())
                .as("media-service replicas sharing the rooms").isEqualTo(2);
    }

    @Test
    void theSchemaRefusesWhatWouldBreakTheDeployment() {
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("media.replicas", 0)))
                .as("no media-service at all").hasMessageContaining("media");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("kms.image.tag", "latest")))
                .hasMessageContaining("tag");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("signaling.clustermode", "redis")))
                .as("a misspelt value").hasMessageContaining("clustermode");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("signaling.clusterMode", "none")))
                .hasMessageContaining("clusterMode");
    }

    @Test
    void aSingleSignalingNodeNeedsNoRedis() {
        RenderedChart chart = RenderedChart.render(t -> t.set("signaling.clusterMode", "local")
                .set("signaling.autoscaling.enabled", false).set("signaling.replicas", 1));
        assertThat(chart.env("signaling", "CONCLAVE_SIGNALING_CLUSTER_MODE")).isEqualTo("local");
        assertThat(chart.env("signaling", "CONCLAVE_SIGNALING_CLUSTER_REDISURI")).isNull();
        assertThat(chart.find(HorizontalPodAutoscaler.class, "signaling")).isEmpty();
        assertThat(chart.named(Deployment.class, "signaling").getSpec().getReplicas()).isEqualTo(1);
    }

    private static <T> List<T> selecting(List<T> objects, PodTemplateSpec pod,
                                         java.util.function.Function<T, LabelSelector> selector) {
        return objects.stream().filter(o -> matches(selector.apply(o), pod)).toList();
    }

    private static boolean matches(LabelSelector selector, PodTemplateSpec pod) {
        return selector != null && matches(selector.getMatchLabels(), pod);
    }

    private static boolean matches(Map<String, String> labels, PodTemplateSpec pod) {
        return labels != null && !labels.isEmpty()
                && pod.getMetadata().getLabels().entrySet().containsAll(labels.entrySet());
    }

    private static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static String port(Probe probe) {
        var port = probe.getHttpGet().getPort();
        return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static int containerPort(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port " + name)).getContainerPort();
    }
}
