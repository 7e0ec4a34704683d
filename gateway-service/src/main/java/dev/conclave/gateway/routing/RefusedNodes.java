package dev.conclave.gateway.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.stereotype.Component;

/**
 * Signaling nodes that just refused a connection: left out of the choice for a while, so the next try goes
 * elsewhere at once instead of waiting for the node's health check to fail.
 */
@Component
class RefusedNodes {

    private static final Logger log = LoggerFactory.getLogger(RefusedNodes.class);
    /** How long a node that refused a connection gets no new requests (its health check decides after that). */
    static final Duration LEFT_OUT_FOR = Duration.ofSeconds(10);

    private final Map<String, Instant> leftOutUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    RefusedNodes(Clock clock) {
        this.clock = clock;
    }

    void refused(ServiceInstance node) {
        log.warn("Signaling node {} ({}:{}) refused a connection; leaving it out for {}", node.getInstanceId(),
                node.getHost(), node.getPort(), LEFT_OUT_FOR);
        leftOutUntil.put(node.getInstanceId(), clock.instant().plus(LEFT_OUT_FOR));
    }

    /** The nodes less those left out — or all of them, if that would leave none. */
    List<ServiceInstance> without(List<ServiceInstance> nodes) {
        Instant now = clock.instant();
        leftOutUntil.values().removeIf(until -> !until.isAfter(now));
        List<ServiceInstance> open = nodes.stream().filter(node -> !leftOutUntil.containsKey(node.getInstanceId())).toList();
        return open.isEmpty() ? nodes : open;
    }
}
