package dev.conclave.bench.worker;

import dev.conclave.bench.client.RpcSession;

/** One joined participant of this load generator. */
record Member(RpcSession session, String roomId, String participantId) {
}
