package dev.conclave.media.grpc;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gRPC server signaling-service calls.
 *
 * @param port    0 picks a free port (tests)
 * @param address the address to listen on
 */
@Validated
@ConfigurationProperties("conclave.media.grpc")
public record GrpcProperties(@Min(0) @Max(65535) int port, String address) {

    public GrpcProperties {
        address = address == null || address.isBlank() ? "0.0.0.0" : address;
    }
}
