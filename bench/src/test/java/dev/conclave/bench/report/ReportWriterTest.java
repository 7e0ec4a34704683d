package dev.conclave.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the results")
class ReportWriterTest {

    private final List<Measurement> measurements = List.of(
            Measurement.of("join storm", "1000 clients, direct").put("clients", 1000).put("path", "direct")
                    .put("join p50 ms", 20.5).put("join p99 ms", 140.0).put("errors", 0),
            Measurement.of("idle capacity", "19,000 sessions").put("sessions", 19000).put("heap KiB per session", 8.0)
                    .put("heap KiB per session (with − after closing)", 9.5));

    @Test
    @DisplayName("judge each target the run measured")
    void judgeTargets() {
        List<Target> targets = Targets.judge(measurements);

        assertThat(targets).extracting(Target::met).containsExactly(true, false);
        assertThat(targets.get(1).measured()).isEqualTo("140.0 ms, 0");
    }

    @Test
    @DisplayName("are written as JSON, a Markdown table per scenario and a PNG chart")
    void writesAllThree(@TempDir Path out) throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("profile", "smoke");

        ReportWriter.write(out, new RunInfo(info), measurements, Targets.judge(measurements));

        assertThat(Files.readString(out.resolve("results.json"))).contains("\"heap KiB per session (with − after closing)\" : 9.5");
        assertThat(Files.readString(out.resolve("results.md")))
                .contains("| case | clients | path | join p50 ms | join p99 ms | errors |")
                .contains("| 1000 clients, direct | 1,000 | direct | 20.5 | 140.0 | 0 |")
                .contains("| join storm of 1,000: p99, errors | ≤ 100 ms, 0 | 140.0 ms, 0 | **no** |");
        assertThat(Files.readAllBytes(out.resolve("latency.png"))).startsWith(0x89, 'P', 'N', 'G');
    }
}
