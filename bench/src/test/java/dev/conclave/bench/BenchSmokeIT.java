package dev.conclave.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.bench.scenario.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shortest profile against the real platform, as {@code ./bench/run.sh smoke} runs it: proves the load generator
 * works end to end. Its figures are not judged here (CI machines vary); that every case ran without errors is.
 */
@DisplayName("the load generator's smoke run")
class BenchSmokeIT {

    @Test
    @DisplayName("drives every scenario through the gateway and straight to signaling and writes its results")
    void runsEveryScenario() throws Exception {
        Path home = Path.of(System.getProperty("conclave.home", "..")).toAbsolutePath().normalize();
        Path out = Path.of(System.getProperty("conclave.bench.state", "target/bench-state")).resolve("results");

        ConclaveBench.run(home, Profile.named("smoke"), out, System.out);

        JsonNode results = JsonMapper.builder().build().readTree(Files.readString(out.resolve("results.json")));
        assertThat(results.get("run").get("commit").asString()).isNotBlank();
        assertThat(results.get("measurements").valueStream().map(m -> m.get("scenario").asString()).distinct())
                .containsExactly("join storm", "room fan-out", "many rooms", "idle capacity", "gateway overhead");
        for (JsonNode measurement : results.get("measurements")) {
            JsonNode figures = measurement.get("figures");
            String label = measurement.get("label").asString();
            assertThat(figures.has("failed")).as(label + ": " + figures.path("failed").asString()).isFalse();
            if (figures.has("errors")) {
                assertThat(figures.get("errors").asLong()).as(label).isZero();
            }
            if (figures.has("missing")) {
                assertThat(figures.get("missing").asLong()).as(label).isZero();
            }
        }
        assertThat(Files.readString(out.resolve("results.md"))).contains("## room fan-out");
        assertThat(out.resolve("latency.png")).isNotEmptyFile();
    }
}
