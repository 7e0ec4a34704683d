package dev.conclave.signaling.clientaddress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.network.IpLiteral;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("a client's address")
class ClientAddressesTest {

    private static final String SECRET = "gateway-secret-0123456789";
    private static final ForwardingProperties.Rpc PROXIES =
            new ForwardingProperties.Rpc(List.of("127.0.0.0/8", "10.0.0.0/8"));

    private static String of(ClientAddresses addresses, String peer, String forwardedFor, String secret) {
        return addresses.of(IpLiteral.parse(peer).orElseThrow(), forwardedFor == null ? List.of() : List.of(forwardedFor),
                secret);
    }

    @Nested
    @DisplayName("with a forwarding secret")
    class WithSecret {

        private final ClientAddresses addresses = new ClientAddresses(new ForwardingProperties(SECRET, PROXIES));

        @ParameterizedTest(name = "peer {0}, X-Forwarded-For \"{1}\", secret {2} -> {3}")
        @CsvSource(nullValues = "none", value = {
                "10.0.0.5, 203.0.113.7, gateway-secret-0123456789, 203.0.113.7",
                "10.0.0.5, '198.51.100.1, 203.0.113.7', gateway-secret-0123456789, 203.0.113.7",
                "10.0.0.5, '203.0.113.7, 10.0.0.9', gateway-secret-0123456789, 203.0.113.7",
                "10.0.0.5, ::ffff:203.0.113.7, gateway-secret-0123456789, 203.0.113.7",
                "10.0.0.5, 2001:db8::7, gateway-secret-0123456789, 2001:db8:0:0:0:0:0:7",
                "10.0.0.5, 203.0.113.7, none, 10.0.0.5",
                "10.0.0.5, 203.0.113.7, gateway-secret-012345678, 10.0.0.5",
                "10.0.0.5, 203.0.113.7, gateway-secret-0123456789-, 10.0.0.5",
                "10.0.0.5, 203.0.113.7, GATEWAY-SECRET-0123456789, 10.0.0.5",
                "198.51.100.3, 203.0.113.7, gateway-secret-0123456789, 198.51.100.3",
                "10.0.0.5, not-an-address, gateway-secret-0123456789, 10.0.0.5",
                "10.0.0.5, 0x7f000001, gateway-secret-0123456789, 10.0.0.5",
                "10.0.0.5, none, gateway-secret-0123456789, 10.0.0.5",
                "::ffff:10.0.0.5, 203.0.113.7, gateway-secret-0123456789, 203.0.113.7"})
        @DisplayName("is believed from X-Forwarded-For only with the secret, from a trusted proxy")
        void believedOnlyFromTheGateway(String peer, String forwardedFor, String secret, String expected) {
            assertThat(of(addresses, peer, forwardedFor, secret)).isEqualTo(expected);
        }
    }

    @Nested
    @DisplayName("without a forwarding secret")
    class WithoutSecret {

        @Test
        @DisplayName("is always the socket's peer")
        void alwaysThePeer() {
            ClientAddresses addresses = new ClientAddresses(new ForwardingProperties(null, PROXIES));
            assertThat(of(addresses, "10.0.0.5", "203.0.113.7", SECRET)).isEqualTo("10.0.0.5");
            assertThat(of(addresses, "10.0.0.5", "203.0.113.7", "")).isEqualTo("10.0.0.5");
            assertThat(of(addresses, "10.0.0.5", "203.0.113.7", null)).isEqualTo("10.0.0.5");
        }
    }
}
