package dev.conclave.gateway.ratelimit;

import dev.conclave.gateway.clientaddress.ClientAddresses;
import dev.conclave.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Limits how often one client address may ask for guest join tokens (the public endpoint that creates rooms). */
@Component
public class GuestTokenRateLimit extends AddressRateLimit {

    GuestTokenRateLimit(RateLimitProperties properties, ClientAddresses clientAddresses, Clock clock,
                        MeterRegistry metrics, ProblemResponses problems) {
        super("guest-tokens", "guest-token requests", properties.burst(), properties.refillEvery(), clientAddresses,
                clock, metrics, problems);
    }
}
