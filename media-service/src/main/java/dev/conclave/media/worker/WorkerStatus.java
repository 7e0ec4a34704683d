package dev.conclave.media.worker;

/**
 * What a worker says about itself when probed.
 *
 * @param version    the media server's version, e.g. {@code 7.2.0}
 * @param pipelines  pipelines it holds, ours and anyone else's
 * @param cpuPercent CPU used over the probe's interval, 0-100 (all cores)
 */
public record WorkerStatus(String version, int pipelines, double cpuPercent) {
}
