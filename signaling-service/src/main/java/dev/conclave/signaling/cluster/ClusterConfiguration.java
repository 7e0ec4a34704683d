package dev.conclave.signaling.cluster;

import dev.conclave.signaling.bus.LocalRoomBus;
import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.bus.RoomEventListener;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.membership.LocalResumeTokens;
import dev.conclave.signaling.membership.LocalRoomRoster;
import dev.conclave.signaling.membership.ResumeTokens;
import dev.conclave.signaling.membership.RoomRoster;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Picks how signaling nodes share rooms, from {@code conclave.signaling.cluster.mode}: {@code local} (the default:
 * one node, everything in memory) or {@code redis} (any number of nodes sharing rooms, presence and resume tokens
 * through Redis).
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    static final String MODE = "conclave.signaling.cluster.mode";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = MODE, havingValue = "redis")
    static class SharedThroughRedis {

        @Bean
        RedisConnections redisConnections(ClusterProperties properties) {
            return new RedisConnections(properties);
        }

        /** {@code redis} in the health groups: the readiness group includes it, liveness never does. */
        @Bean
        RedisHealth redisHealthIndicator(RedisConnections redis) {
            return new RedisHealth(redis, Duration.ofSeconds(1));
        }

        @Bean
        ClusterJson clusterJson(JsonMapper json) {
            return new ClusterJson(json);
        }

        @Bean
        RedisRoomBus roomBus(RedisConnections redis, ClusterJson json, RoomEventListener listener,
                             MeterRegistry metrics) {
            return new RedisRoomBus(redis, new RoomEventCodec(json), listener, metrics);
        }

        @Bean
        RedisRoomRoster roomRoster(RedisConnections redis, ClusterJson json) {
            return new RedisRoomRoster(redis, json);
        }

        @Bean
        ResumeTokens resumeTokens(RedisConnections redis, ClusterJson json) {
            return new RedisResumeTokens(redis, json);
        }

        @Bean
        NodePresence nodePresence(RedisConnections redis, RedisRoomRoster roster, RedisRoomBus bus,
                                  LocalParticipants local, ClusterProperties properties, Clock clock,
                                  @Value("${conclave.signaling.node-id}") String node) {
            return new NodePresence(redis, roster, bus, properties, clock, node,
                    new RosterRestore(redis, roster, bus, local, clock, node));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = MODE, havingValue = "local", matchIfMissing = true)
    static class SingleNode {

        @Bean
        RoomBus roomBus(RoomEventListener listener) {
            return new LocalRoomBus(listener);
        }

        @Bean
        RoomRoster roomRoster() {
            return new LocalRoomRoster();
        }

        @Bean
        ResumeTokens resumeTokens() {
            return new LocalResumeTokens();
        }
    }
}
