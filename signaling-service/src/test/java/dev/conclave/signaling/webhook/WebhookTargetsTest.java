package dev.conclave.signaling.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.network.IpLiteral;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("the addresses webhooks may connect to")
class WebhookTargetsTest {

    private static WebhookTargets targets(boolean allowPrivate, List<String> allowed) {
        return new WebhookTargets(new WebhookProperties(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofSeconds(1), 1,
                List.of("localhost:9000", "10.1.2.3:8080", "[fd00::7]:8443"), allowPrivate, allowed),
                new SystemHostResolver());
    }

    private static Optional<String> refusal(WebhookTargets targets, String address, int port) {
        InetAddress parsed = IpLiteral.parse(address).orElseThrow(() -> new AssertionError("not a literal: " + address));
        return targets.refusal(parsed, port);
    }

    @Nested
    @DisplayName("by default (production)")
    class ByDefault {

        private final WebhookTargets targets = targets(false, List.of());

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                "127.0.0.1, a loopback address", "127.8.9.10, a loopback address", "::1, a loopback address",
                "::ffff:127.0.0.1, a loopback address", "::127.0.0.1, a loopback address",
                "64:ff9b::7f00:1, a loopback address",
                "0.0.0.0, the unspecified address", "0.1.2.3, the unspecified address", ":: , the unspecified address",
                "169.254.169.254, a link-local address", "fe80::1, a link-local address",
                "::ffff:169.254.169.254, a link-local address",
                "224.0.0.251, a multicast address", "ff02::1, a multicast address",
                "255.255.255.255, a reserved address", "240.0.0.1, a reserved address",
                "10.0.0.1, a private address", "172.16.0.1, a private address", "172.31.255.255, a private address",
                "192.168.0.10, a private address", "100.64.1.1, a private address", "fd12:3456::1, a private address",
                "::ffff:10.9.8.7, a private address"})
        @DisplayName("refuses")
        void refuses(String address, String what) {
            assertThat(refusal(targets, address.strip(), 443)).hasValueSatisfying(reason -> assertThat(reason)
                    .contains(" is " + what));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"93.184.216.34", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2606:2800:220:1::1", "8.8.8.8"})
        @DisplayName("allows public addresses")
        void allowsPublic(String address) {
            assertThat(refusal(targets, address, 443)).isEmpty();
        }
    }

    @Nested
    @DisplayName("with allow-private-networks")
    class AllowingPrivateNetworks {

        private final WebhookTargets targets = targets(true, List.of());

        @Test
        @DisplayName("allows private networks, but still refuses loopback, link-local and the platform's own targets")
        void privateOnly() {
            assertThat(refusal(targets, "10.0.0.1", 443)).isEmpty();
            assertThat(refusal(targets, "fd00::1", 443)).isEmpty();
            assertThat(refusal(targets, "127.0.0.1", 443)).isPresent();
            assertThat(refusal(targets, "169.254.169.254", 80)).isPresent();
            assertThat(refusal(targets, "10.1.2.3", 8080)).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("forbidden-targets 10.1.2.3:8080"));
            assertThat(refusal(targets, "::ffff:10.1.2.3", 8080)).isPresent();
            assertThat(refusal(targets, "fd00:0:0:0:0:0:0:7", 8443)).isPresent();
            assertThat(refusal(targets, "10.1.2.3", 8081)).isEmpty();
        }
    }

    @Nested
    @DisplayName("with allowed-networks")
    class AllowingNetworks {

        private final WebhookTargets targets = targets(false, List.of("127.0.0.0/8"));

        @Test
        @DisplayName("allows those networks, but never a forbidden target on this machine, in any spelling")
        void allowedButNotThePlatform() {
            assertThat(refusal(targets, "127.0.0.1", 3000)).isEmpty();
            assertThat(refusal(targets, "::ffff:127.0.0.5", 3000)).isEmpty();
            for (String platform : List.of("127.0.0.1", "127.0.0.2", "::ffff:127.0.0.1", "::1", "0.0.0.0")) {
                assertThat(refusal(targets, platform, 9000)).as(platform).hasValueSatisfying(reason ->
                        assertThat(reason).contains("forbidden-targets localhost:9000"));
            }
            assertThat(refusal(targets, "10.0.0.1", 3000)).isPresent();
        }
    }
}
