package dev.conclave.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.bench.report.Measurement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the gateway overhead")
class GatewayOverheadTest {

    @Test
    @DisplayName("compares each case measured both ways as gateway over direct latency")
    void comparesPairs() {
        List<Measurement> measured = List.of(
                Measurement.of(JoinStorm.NAME, "200 clients, direct").put("path", "direct")
                        .put("join p50 ms", 10.0).put("join p99 ms", 40.0),
                Measurement.of(JoinStorm.NAME, "200 clients, gateway").put("path", "gateway")
                        .put("join p50 ms", 12.0).put("join p99 ms", 60.0),
                Measurement.of(RoomFanout.NAME, "1,000 members, gateway, 1 msg/s").put("path", "gateway")
                        .put("all members have it p50 ms", 5.0).put("all members have it p99 ms", 9.0));

        List<Measurement> ratios = Scenarios.gatewayOverhead(measured);

        assertThat(ratios).hasSize(1); // the fan-out case has no direct twin
        assertThat(ratios.get(0).label()).isEqualTo("join storm, 200 clients");
        assertThat(ratios.get(0).number("p50 ratio")).isEqualTo(1.2);
        assertThat(ratios.get(0).number("p99 ratio")).isEqualTo(1.5);
    }
}
