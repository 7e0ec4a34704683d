package dev.conclave.signaling.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

@DisplayName("conclave.signaling.ice, bound and validated at start-up")
class IcePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IceProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Nested
    @DisplayName("starts")
    class Starts {

        @Test
        @DisplayName("with nothing configured: no servers, no TURN")
        void nothing() {
            context.run(started -> {
                assertThat(started).hasNotFailed();
                IceProperties ice = started.getBean(IceProperties.class);
                assertThat(ice.servers()).isEmpty();
                assertThat(ice.turn().configured()).isFalse();
            });
        }

        @Test
        @DisplayName("with TURN urls, a long enough secret and a TTL")
        void turn() {
            context.withPropertyValues(
                    "conclave.signaling.ice.turn.urls=turn:127.0.0.1:3478?transport=udp,turns:turn.example.org:5349?transport=tcp",
                    "conclave.signaling.ice.turn.shared-secret=0123456789abcdef",
                    "conclave.signaling.ice.turn.credential-ttl=PT1H").run(started -> {
                assertThat(started).hasNotFailed();
                IceProperties.Turn turn = started.getBean(IceProperties.class).turn();
                assertThat(turn.urls()).containsExactly("turn:127.0.0.1:3478?transport=udp",
                        "turns:turn.example.org:5349?transport=tcp");
                assertThat(turn.credentialTtl()).isEqualTo(Duration.ofHours(1));
                assertThat(turn.toString()).doesNotContain("0123456789abcdef");
            });
        }
    }

    @Test
    @DisplayName("refuses to start, naming every problem at once: a url that is not turn:/turns:, a short secret, "
            + "a TTL that is not positive")
    void refusesBadTurn() {
        context.withPropertyValues(
                "conclave.signaling.ice.turn.urls=stun:127.0.0.1:3478,turn:127.0.0.1:3478",
                "conclave.signaling.ice.turn.shared-secret=too-short",
                "conclave.signaling.ice.turn.credential-ttl=PT0S").run(started -> {
            assertThat(started).hasFailed();
            String report = describe(started.getStartupFailure());
            assertThat(report).contains("turn.urls[0]").contains("must start with turn: or turns:")
                    .contains("shared-secret must have at least 16 characters")
                    .contains("credential-ttl must be positive")
                    .doesNotContain("turn.urls[1]")
                    .doesNotContain("too-short");
        });
    }

    @Test
    @DisplayName("refuses TURN urls without any secret")
    void refusesMissingSecret() {
        context.withPropertyValues("conclave.signaling.ice.turn.urls=turn:127.0.0.1:3478",
                "conclave.signaling.ice.turn.credential-ttl=PT12H").run(started -> {
            assertThat(started).hasFailed();
            assertThat(describe(started.getStartupFailure())).contains("shared-secret must have at least 16 characters");
        });
    }

    /** The failure and its causes, as the start-up report would show them. */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }
}
