package dev.conclave.media.api;

record DrainResult(WorkerView worker, int roomsMoved) {
}
