package dev.conclave.gateway.ratelimit;

import dev.conclave.gateway.clientaddress.ClientAddresses;
import dev.conclave.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Limits how often one client address may open a signaling WebSocket ({@code /rpc}): a flood of connections — and of
 * the joins they carry — from one address is refused at the gateway, before it costs a signaling node anything. The
 * default is generous enough for an office behind one NAT joining a meeting at once.
 */
@Component
public class ConnectionRateLimit extends AddressRateLimit {

    ConnectionRateLimit(ConnectionRateLimitProperties properties, ClientAddresses clientAddresses, Clock clock,
                        MeterRegistry metrics, ProblemResponses problems) {
        super("connections", "signaling connections", properties.burst(), properties.refillEvery(), clientAddresses,
                clock, metrics, problems);
    }
}
