package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.worker.WorkerId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A room's pipeline and endpoints as this service holds them. Guarded by the room's lock in MediaAllocations. */
final class RoomMedia {

    private final RoomId room;
    private WorkerId worker;
    private String pipelineId;
    private final Map<EndpointKey, String> endpoints = new LinkedHashMap<>();
    /** Endpoints being made now (the media server is working on them, outside the room's lock). */
    private final Set<EndpointKey> reserved = new HashSet<>();

    RoomMedia(RoomId room, WorkerId worker, String pipelineId) {
        this.room = room;
        this.worker = worker;
        this.pipelineId = pipelineId;
    }

    RoomId room() {
        return room;
    }

    WorkerId worker() {
        return worker;
    }

    String pipelineId() {
        return pipelineId;
    }

    void movedTo(WorkerId worker, String pipelineId) {
        this.worker = worker;
        this.pipelineId = pipelineId;
    }

    /** Claims {@code key} while its endpoint is made; false if it is being made already. */
    boolean reserve(EndpointKey key) {
        return reserved.add(key);
    }

    void unreserve(EndpointKey key) {
        reserved.remove(key);
    }

    Optional<String> endpoint(EndpointKey key) {
        return Optional.ofNullable(endpoints.get(key));
    }

    void put(EndpointKey key, String endpointId) {
        endpoints.put(key, endpointId);
    }

    String remove(EndpointKey key) {
        return endpoints.remove(key);
    }

    /** The endpoints that send or receive {@code participant}'s media, or its own publisher. */
    List<EndpointKey> involving(ParticipantId participant) {
        return endpoints.keySet().stream().filter(key -> key.involves(participant)).toList();
    }

    /** The subscriptions to {@code publisher}. */
    List<EndpointKey> subscriptionsTo(ParticipantId publisher) {
        return endpoints.keySet().stream().filter(key -> publisher.equals(key.publisher())).toList();
    }

    List<ParticipantId> publishers() {
        return endpoints.keySet().stream().filter(EndpointKey::isPublisher).map(EndpointKey::participant).toList();
    }

    /** Every endpoint, key to id (a copy). */
    Map<EndpointKey, String> endpoints() {
        return new LinkedHashMap<>(endpoints);
    }

    int endpointCount() {
        return endpoints.size();
    }

    /** Forgets every endpoint (the pipeline they lived in is gone); returns how many there were. */
    int clearEndpoints() {
        int count = endpoints.size();
        endpoints.clear();
        return count;
    }
}
