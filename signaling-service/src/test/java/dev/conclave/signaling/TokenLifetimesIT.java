package dev.conclave.signaling;

import static dev.conclave.signaling.support.TestTokenIssuer.expiredAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every check of a credential's time against this node's clock, with the deployment's default leeway
 * ({@code conclave.signaling.join-tokens.clock-skew}, 5 s): a little late is tolerated, 6 s is not. The sweep that
 * gives up lost places is switched off here, so a resume is judged by its own check alone.
 */
@DisplayName("credentials against the clock, with the default 5 s leeway")
class TokenLifetimesIT extends SignalingIT {

    @DynamicPropertySource
    static void noSweep(DynamicPropertyRegistry registry) {
        registry.add("conclave.signaling.membership.grace-check", () -> "PT1H");
    }

    @Nested
    @DisplayName("a join token")
    class JoinTokens {

        @Test
        @DisplayName("expired 6 s ago is refused with TOKEN_EXPIRED (3002), the socket closed with 4401")
        void expiredPastTheLeeway() {
            String room = openRoom();
            RpcTestClient client = connect();
            JsonNode error = client.error("joinRoom", Map.of("roomId", room,
                    "token", TOKENS.token(room, "late", "Late", expiredAgo(Duration.ofSeconds(6)))), 3002);
            assertThat(error.get("data").get("name").asString()).isEqualTo("TOKEN_EXPIRED");
            assertThat(client.awaitCloseCode()).isEqualTo(4401);
        }

        @Test
        @DisplayName("expired 2 s ago, within the leeway, is accepted")
        void expiredWithinTheLeeway() {
            String room = openRoom();
            JsonNode joined = connect().join(room, TOKENS.token(room, "nearly", "Nearly", expiredAgo(Duration.ofSeconds(2))));
            assertThat(joined.get("participant").get("identity").asString()).isEqualTo("nearly");
        }

        @Test
        @DisplayName("not valid for another 6 s is refused (3002); for another 2 s, accepted")
        void notYetValid() {
            String room = openRoom();
            connect().error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "early", "Early",
                    claims -> claims.notBeforeTime(Date.from(Instant.now().plusSeconds(6))))), 3002);
            connect().join(room, TOKENS.token(room, "prompt", "Prompt",
                    claims -> claims.notBeforeTime(Date.from(Instant.now().plusSeconds(2)))));
        }
    }

    @Nested
    @DisplayName("an API access token")
    class AccessTokens {

        private ApiClient api(Duration expiredAgo) {
            Instant now = Instant.now();
            return new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", claims -> claims
                    .issueTime(Date.from(now.minusSeconds(900))).notBeforeTime(Date.from(now.minusSeconds(900)))
                    .expirationTime(Date.from(now.minus(expiredAgo))), "rooms:read"));
        }

        @Test
        @DisplayName("expired 6 s ago is refused (401); expired 2 s ago, accepted")
        void leeway() {
            api(Duration.ofSeconds(6)).get("/api/v1/rooms").problem(401, "unauthenticated");
            api(Duration.ofSeconds(2)).get("/api/v1/rooms").expect(200);
        }
    }

    @Nested
    @DisplayName("a resume token")
    class ResumeTokens {

        @Test
        @DisplayName("after the resume grace (1 s here) is refused with RESUME_FAILED (2002), even before any sweep")
        void afterTheGrace() {
            String room = openRoom();
            RpcTestClient ada = connect();
            JsonNode joined = ada.join(room, TOKENS.token(room, "ada", "Ada"));
            String resumeToken = joined.get("resumeToken").asString();
            Instant lost = Instant.now();
            ada.abort();
            long graceMs = joined.get("resumeGraceMs").asLong();
            await().pollDelay(Duration.ofMillis(graceMs + 300)).atMost(Duration.ofSeconds(10)).until(
                    () -> Duration.between(lost, Instant.now()).toMillis() > graceMs + 300);
            connect().error("resumeRoom", Map.of("roomId", room, "resumeToken", resumeToken), 2002);
        }
    }
}
