package dev.conclave.media.placement;

/** What a worker carries: SFU rooms (pipelines) and WebRTC endpoints, counted over every media-service replica. */
public record WorkerLoad(int rooms, int endpoints) {

    public static final WorkerLoad NONE = new WorkerLoad(0, 0);
}
