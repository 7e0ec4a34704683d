package dev.conclave.media.api;

/**
 * @param draining    true: take no new rooms; false: take rooms again
 * @param moveRooms   with {@code draining}: move the worker's rooms to others now (their participants renegotiate)
 */
record DrainRequest(Boolean draining, Boolean moveRooms) {
}
