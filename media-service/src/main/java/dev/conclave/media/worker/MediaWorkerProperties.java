package dev.conclave.media.worker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The media workers and how they are watched.
 *
 * @param workers            Kurento Media Servers from configuration ({@code ws://host:8888/kurento})
 * @param discovery          {@code host:port} whose DNS name lists the workers (a Kubernetes headless Service);
 *                           empty for none
 * @param probeInterval      time between two probes of a worker
 * @param probeTimeout       how long a probe may take
 * @param missedProbes       probes missed in a row before a worker counts as lost and its rooms move
 * @param callTimeout        how long any other call to a worker may take
 * @param maxConcurrentCalls calls in flight to one worker; more are refused at once
 */
@Validated
@ConfigurationProperties("conclave.media")
public record MediaWorkerProperties(@Valid List<Worker> workers,
                                    @Pattern(regexp = "^$|^[A-Za-z0-9.-]+:\\d{1,5}$") String discovery,
                                    @NotNull Duration probeInterval, @NotNull Duration probeTimeout,
                                    @Min(1) int missedProbes, @NotNull Duration callTimeout,
                                    @Min(1) int maxConcurrentCalls) {

    public MediaWorkerProperties {
        workers = workers == null ? List.of() : List.copyOf(workers);
        discovery = discovery == null ? "" : discovery;
    }

    public record Worker(@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String id,
                         @NotNull @Pattern(regexp = "^wss?://.+") String url) {

        public URI uri() {
            return URI.create(url);
        }
    }
}
