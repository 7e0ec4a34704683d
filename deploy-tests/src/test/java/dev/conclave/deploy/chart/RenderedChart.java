package dev.conclave.deploy.chart;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart as {@code helm template} renders it, every object read into fabric8's Kubernetes model classes. A field the
 * model does not know (a typo, a field at the wrong level) would land in a class's additional properties and be ignored
 * by a cluster's older API server or refused by a newer one: here it fails the rendering.
 */
final class RenderedChart {

    static final String NAMESPACE = "conclave";

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("ServiceAccount", ServiceAccount.class),
            Map.entry("Service", Service.class),
            Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("DaemonSet", DaemonSet.class),
            Map.entry("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("NetworkPolicy", NetworkPolicy.class),
            Map.entry("Ingress", Ingress.class),
            Map.entry("HTTPRoute", HTTPRoute.class),
            Map.entry("ServiceMonitor", ServiceMonitor.class),
            Map.entry("PrometheusRule", PrometheusRule.class));

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final List<HasMetadata> objects;

    private RenderedChart(List<HasMetadata> objects) {
        this.objects = objects;
    }

    static Path chartDirectory() {
        return Path.of(System.getProperty("conclave.home", "..")).resolve("k8s/helm/conclave").toAbsolutePath()
                .normalize();
    }

    /** Renders the chart with its default values and whatever {@code options} add (values files, --set). */
    static RenderedChart render(UnaryOperator<TemplateCommand> options) {
        TemplateCommand template = new Helm(chartDirectory()).template().withName("conclave")
                .withNamespace(NAMESPACE);
        return parse(options.apply(template).call());
    }

    static RenderedChart parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(manifests)) {
            if (document == null) {
                continue;
            }
            Map<?, ?> tree = (Map<?, ?>) document;
            String kind = String.valueOf(tree.get("kind"));
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                throw new AssertionError("the chart renders a " + kind + ", which these checks do not know");
            }
            HasMetadata object = JSON.convertValue(tree, type);
            refuseUnknownFields(object, kind + "/" + object.getMetadata().getName());
            objects.add(object);
        }
        return new RenderedChart(objects);
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + " in " + names()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    /** Deployments and DaemonSets: every workload that runs pods, by name. */
    Map<String, PodTemplateSpec> workloads() {
        Map<String, PodTemplateSpec> workloads = new java.util.TreeMap<>();
        all(Deployment.class).forEach(d -> workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(DaemonSet.class).forEach(d -> workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        return workloads;
    }

    Container container(String workload) {
        PodTemplateSpec pod = workloads().get(workload);
        if (pod == null) {
            throw new AssertionError("no workload " + workload + " in " + workloads().keySet());
        }
        return pod.getSpec().getContainers().get(0);
    }

    /** The env var's literal value in a workload's container, or null when it has none (or comes from a Secret). */
    String env(String workload, String name) {
        return container(workload).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(e -> e.getValue()).orElse(null);
    }

    private List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    /** Walks a fabric8 object graph; every class there keeps fields it does not know in additional properties. */
    private static void refuseUnknownFields(Object node, String path) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                refuseUnknownFields(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> refuseUnknownFields(value, path + "." + key));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                Map<?, ?> unknown = (Map<?, ?>) value;
                if (unknown != null && !unknown.isEmpty()) {
                    throw new AssertionError(path + " has fields Kubernetes does not know: " + unknown.keySet());
                }
            } else if (!Objects.equals(getter.getDeclaringClass().getPackageName(), "java.lang")) {
                refuseUnknownFields(value, path + "." + getter.getName().substring(3));
            }
        }
    }
}
