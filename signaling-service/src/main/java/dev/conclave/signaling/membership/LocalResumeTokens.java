package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.ParticipantId;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Resume tokens of a single signaling node, in memory. */
public class LocalResumeTokens implements ResumeTokens {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, ResumeGrant> byToken = new ConcurrentHashMap<>();
    private final Map<ParticipantId, String> byParticipant = new ConcurrentHashMap<>();

    @Override
    public String issue(ResumeGrant grant) {
        String token = newToken(random);
        byToken.put(token, grant);
        String previous = byParticipant.put(grant.participantId(), token);
        if (previous != null) {
            byToken.remove(previous);
        }
        return token;
    }

    @Override
    public Optional<ResumeGrant> find(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    @Override
    public boolean consume(String token) {
        ResumeGrant grant = byToken.remove(token);
        if (grant == null) {
            return false;
        }
        byParticipant.remove(grant.participantId(), token);
        return true;
    }

    @Override
    public void revoke(ParticipantId participant) {
        String token = byParticipant.remove(participant);
        if (token != null) {
            byToken.remove(token);
        }
    }

    /** {@code rt_} and 32 random bytes, base64url. */
    public static String newToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "rt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
