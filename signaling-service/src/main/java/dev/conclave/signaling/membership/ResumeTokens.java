package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.ParticipantId;
import java.util.Optional;

/**
 * The tokens that let a participant whose connection dropped come back as itself, on any node. A token is valid
 * while the participant is in the room; it holds what the participant's join token said, so resuming needs no
 * new join token.
 */
public interface ResumeTokens {

    String issue(ResumeGrant grant);

    Optional<ResumeGrant> find(String token);

    /** Forgets the participant's token: it left for good. */
    void revoke(ParticipantId participant);
}
