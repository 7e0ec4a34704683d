package dev.conclave.signaling.ice;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The STUN/TURN servers browsers are told to use (the {@code iceServers} of the join result). Empty by default:
 * on one machine or one LAN, host candidates connect without help.
 */
@Validated
@ConfigurationProperties("conclave.signaling.ice")
public record IceProperties(@Valid List<IceServer> servers) {

    public IceProperties {
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    /** One entry of {@code RTCConfiguration.iceServers}. */
    public record IceServer(@NotEmpty List<@Pattern(regexp = "^(stun|stuns|turn|turns):.+") String> urls,
                            String username, String credential) {
    }
}
