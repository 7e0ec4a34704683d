package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard and the Prometheus alert rules an operator installs name only series the services really
 * expose: after a call, a chat and a webhook delivery, each service's {@code /actuator/prometheus} is scraped over HTTP
 * and every metric (and every label value an expression matches exactly) must be in it. media-service runs with one
 * Kurento worker address nobody answers at, as a cluster with a worker down would: its series are there all the same.
 */
@DisplayName("dashboards and alerts use the metric names the services expose")
class MonitoringIT {

    private static final Path CHART = Path.of(System.getProperty("conclave.home", "..")).resolve("k8s/helm/conclave");
    /** PromQL's own words, and Prometheus's own series. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "by", "without", "histogram_quantile", "le", "up", "and", "or", "unless", "on", "ignoring", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern EXACT_MATCHER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        platform = MediaTierPlatform.get();
    }

    @Test
    @DisplayName("every series of the dashboard and the alert rules is in a real scrape after a call")
    void everySeriesExists() throws Exception {
        makeACall();
        Map<String, List<Map<String, String>>> scraped = new HashMap<>();
        for (Service service : Service.values()) {
            int actuator = service == Service.GATEWAY ? platform.gatewayManagementPort() : platform.port(service);
            scrape(actuator).forEach((name, series) ->
                    scraped.computeIfAbsent(name, n -> new ArrayList<>()).addAll(series));
        }
        List<String> expressions = new ArrayList<>(dashboardExpressions());
        expressions.addAll(alertExpressions());
        assertThat(expressions).hasSizeGreaterThan(20);

        List<String> missing = new ArrayList<>();
        for (String expression : expressions) {
            for (String metric : metricNames(expression)) {
                if (!scraped.containsKey(metric)) {
                    missing.add(metric + " (in " + expression + ")");
                }
            }
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                String metric = selector.group(1);
                Matcher exact = EXACT_MATCHER.matcher(selector.group(2));
                while (exact.find()) {
                    String label = exact.group(1);
                    String value = exact.group(2);
                    boolean present = scraped.getOrDefault(metric, List.of()).stream()
                            .anyMatch(labels -> value.equals(labels.get(label)));
                    if (!present) {
                        missing.add(metric + "{" + label + "=\"" + value + "\"} (in " + expression + ")");
                    }
                }
            }
        }
        assertThat(missing).as("series the services do not expose").isEmpty();
    }

    /** A mesh call of two through the gateway, a chat message, and a webhook delivered: what a dashboard shows. */
    private static void makeACall() throws Exception {
        String gateway = "http://localhost:" + platform.port(Service.GATEWAY);
        ApiClient api = ApiClient.authorized(gateway, LocalPlatform.LOCAL_BACKEND_CLIENT_ID,
                platform.localBackendSecret(), "rooms:read rooms:write webhooks:manage");
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            api.post("/api/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"room.created\"]}")
                    .expect(201);
            String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
            try (RpcTestClient ada = RpcTestClient.connect(platform.port(Service.GATEWAY));
                 RpcTestClient bob = RpcTestClient.connect(platform.port(Service.GATEWAY))) {
                ada.join(room, mint(api, room, "ada"));
                bob.join(room, mint(api, room, "bob"));
                ada.result("sendMessage", Map.of("text", "hello"));
                bob.awaitNotification("message");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (receiver.accepted().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(receiver.accepted()).as("the webhook was delivered").isNotEmpty();
        }
    }

    private static String mint(ApiClient api, String room, String identity) {
        return api.post("/api/v1/rooms/" + room + "/join-tokens", "{\"identity\": \"" + identity + "\", \"displayName\": \"" + identity + "\"}")
                .expect(201).get("token").asString();
    }

    /** Prometheus's text format: every series' name and labels. */
    private static Map<String, List<Map<String, String>>> scrape(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("scrape of port " + port).isEqualTo(200);
        Map<String, List<Map<String, String>>> series = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Map<String, String> labels = new HashMap<>();
            if (brace >= 0 && brace < space) {
                Matcher label = EXACT_MATCHER.matcher(line.substring(brace, line.lastIndexOf('}')));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            series.computeIfAbsent(name, n -> new ArrayList<>()).add(labels);
        }
        return series;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(
                Files.readString(CHART.resolve("files/grafana/conclave.json")));
        return dashboard.findValuesAsString("expr");
    }

    private static List<String> alertExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (String line : Files.readAllLines(CHART.resolve("files/prometheus/alerts.yaml"))) {
            if (line.strip().startsWith("expr:")) {
                expressions.add(line.strip().substring("expr:".length()).strip());
            }
        }
        return expressions;
    }

    /** The metric names an expression reads: its identifiers without label sets, ranges, strings and PromQL words. */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ").replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> names = new HashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String word = identifier.group();
            if (!PROMQL.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }
}
