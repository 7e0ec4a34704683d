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

    /**
     * Uses a token up: true for the one caller that deletes it, false if it was already gone. A resume consumes its
     * token and is handed a new one, so a token that leaked is good for one resume at most, and never after its
     * participant has resumed.
     */
    boolean consume(String token);

    /** Forgets the participant's token: it left for good. */
    void revoke(ParticipantId participant);
}
