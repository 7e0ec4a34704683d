package dev.conclave.media.api;

import dev.conclave.media.worker.WorkerId;

final class WorkerIds {

    private WorkerIds() {
    }

    static WorkerId parse(String id) {
        try {
            return new WorkerId(id);
        } catch (IllegalArgumentException e) {
            throw new ApiRequestException("id", e.getMessage());
        }
    }
}
