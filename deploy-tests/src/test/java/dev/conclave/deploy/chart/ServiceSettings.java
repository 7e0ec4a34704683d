package dev.conclave.deploy.chart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The settings a service really has: the keys of its {@code application.yml} (every one of its settings is written there,
 * with its default). An environment variable a deployment sets must bind to one of them by Spring Boot's relaxed binding
 * ({@code CONCLAVE_SIGNALING_CLUSTER_REDISURI} to {@code conclave.signaling.cluster.redis-uri}, {@code ..._CLIENTS_0_ID}
 * to an element of the list {@code ...clients}) — or it is a typo the service would ignore without a word.
 */
final class ServiceSettings {

    /** Spring Boot's own settings that our files leave at their defaults but deployments set. */
    private static final Set<String> BOOT_SETTINGS = Set.of("MANAGEMENT_SERVER_PORT", "LOGGING_STRUCTURED_FORMAT_CONSOLE",
            "JAVA_TOOL_OPTIONS");
    private static final Pattern LIST_INDEX = Pattern.compile("_[0-9]+(_|$)");

    private final String service;
    private final Map<String, Object> settings;
    private final Map<String, String> byEnvName = new TreeMap<>();

    private ServiceSettings(String service, Map<String, Object> settings) {
        this.service = service;
        this.settings = settings;
        settings.keySet().forEach(key -> byEnvName.put(envName(key), key));
    }

    static ServiceSettings of(String module) {
        Path file = Path.of(System.getProperty("conclave.home", "..")).resolve(module)
                .resolve("src/main/resources/application.yml");
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Object> flat = new TreeMap<>();
            flatten("", new Yaml().load(in), flat);
            return new ServiceSettings(module, flat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key an environment variable binds to, or an error naming the variable. */
    String keyOf(String envName) {
        if (BOOT_SETTINGS.contains(envName)) {
            return envName;
        }
        String key = byEnvName.get(envName);
        if (key == null) {
            var index = LIST_INDEX.matcher(envName);
            if (index.find()) {
                key = byEnvName.get(envName.substring(0, index.start()));
            }
        }
        if (key == null) {
            throw new AssertionError(envName + " binds to no setting of " + service + " (its application.yml)");
        }
        return key;
    }

    /** The default of a setting, as application.yml writes it. */
    Object get(String key) {
        return settings.get(key);
    }

    /** {@code conclave.signaling.cluster.redis-uri} as an environment variable: CONCLAVE_SIGNALING_CLUSTER_REDISURI. */
    static String envName(String key) {
        return key.replace("-", "").replace('.', '_').toUpperCase();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
            if (!prefix.isEmpty() && map.isEmpty()) {
                into.put(prefix, map);
            }
        } else {
            into.put(prefix, node instanceof List<?> list ? List.copyOf((List<Object>) list) : node);
        }
    }
}
