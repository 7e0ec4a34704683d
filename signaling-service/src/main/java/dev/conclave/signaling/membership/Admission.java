package dev.conclave.signaling.membership;

import java.util.List;
import java.util.Optional;

/**
 * What admitting a newcomer found.
 *
 * @param visibleOthers the visible (non-audience) members already in the room, earliest first
 * @param audienceCount how many audience members are in the room, the newcomer not counted
 * @param replaced      an earlier stay of the same identity, now removed
 */
public record Admission(List<Member> visibleOthers, int audienceCount, Optional<Member> replaced) {
}
