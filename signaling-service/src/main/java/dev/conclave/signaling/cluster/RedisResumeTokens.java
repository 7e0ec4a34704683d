package dev.conclave.signaling.cluster;

import dev.conclave.signaling.membership.LocalResumeTokens;
import dev.conclave.signaling.membership.ResumeGrant;
import dev.conclave.signaling.membership.ResumeTokens;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import io.lettuce.core.SetArgs;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resume tokens in Redis, so a participant can resume on any node. A token lives as long as a day at most; it is
 * deleted when its participant leaves for good.
 */
final class RedisResumeTokens implements ResumeTokens {

    private static final Duration LIFETIME = Duration.ofDays(1);

    private final RedisConnections redis;
    private final ClusterJson json;
    private final SecureRandom random = new SecureRandom();

    RedisResumeTokens(RedisConnections redis, ClusterJson json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public String issue(ResumeGrant grant) {
        String token = LocalResumeTokens.newToken(random);
        SetArgs expiry = SetArgs.Builder.ex(LIFETIME);
        redis.sync().set(tokenKey(token), encode(grant), expiry);
        String previous = redis.sync().setGet(ownerKey(grant.participantId()), token);
        redis.sync().expire(ownerKey(grant.participantId()), LIFETIME);
        if (previous != null) {
            redis.sync().del(tokenKey(previous));
        }
        return token;
    }

    @Override
    public Optional<ResumeGrant> find(String token) {
        return Optional.ofNullable(redis.sync().get(tokenKey(token))).map(this::decode);
    }

    @Override
    public boolean consume(String token) {
        // The owner key may still name it: the next issue replaces it, and it names a token no longer there.
        return redis.sync().del(tokenKey(token)) == 1;
    }

    @Override
    public void revoke(ParticipantId participant) {
        String token = redis.sync().getdel(ownerKey(participant));
        if (token != null) {
            redis.sync().del(tokenKey(token));
        }
    }

    private String encode(ResumeGrant grant) {
        ObjectNode node = json.object();
        node.put("roomId", grant.roomId().value());
        node.put("participantId", grant.participantId().value());
        node.put("identity", grant.identity());
        node.put("name", grant.name());
        node.set("grants", json.tree(grant.grants().stream().map(Grant::name).sorted().toList()));
        node.put("guest", grant.guest());
        node.put("joinedAt", grant.joinedAt().toString());
        node.set("metadata", json.tree(grant.metadata()));
        return json.write(node);
    }

    private ResumeGrant decode(String text) {
        JsonNode node = json.read(text);
        Set<Grant> grants = EnumSet.noneOf(Grant.class);
        node.get("grants").forEach(grant -> grants.add(Grant.valueOf(grant.asString())));
        return new ResumeGrant(new RoomId(node.get("roomId").asString()),
                new ParticipantId(node.get("participantId").asString()), node.get("identity").asString(),
                node.get("name").asString(), grants, node.get("guest").asBoolean(),
                Instant.parse(node.get("joinedAt").asString()), json.map(node.get("metadata")));
    }

    private static String tokenKey(String token) {
        return "conclave:resume:" + token;
    }

    private static String ownerKey(ParticipantId participant) {
        return "conclave:resume-of:" + participant;
    }
}
