/**
 * Getting a dropped call back (docs/protocol.md, "Staying connected"): which
 * closes to recover from, the back-off, and the loop that opens new sockets
 * and calls `resumeRoom` until one succeeds, the place is gone, or the grace
 * period is over.
 *
 * @example
 * if (shouldResume(closeDetail)) {
 *   const { client, result } = await resumeSession({ url, roomId, resumeToken, graceMs, signal });
 * }
 *
 * @module reconnect
 */

import { ConclaveClient, ErrorCode, RpcError } from './conclave-client.js';

/**
 * Close codes the server uses on purpose: the place in the room is gone (or
 * was taken over), so resuming is pointless.
 */
const FINAL_CLOSE_CODES = new Set([4001, 4401, 4403, 4409, 4410, 4411]);

/** Close code that asks to resume at once: the server is stopping. */
export const CLOSE_SERVER_RESTARTING = 4012;

/** First back-off step; each next one doubles, up to {@link MAX_BACKOFF_MS}. */
export const FIRST_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 5000;

/** Grace period assumed when the join result does not name one. */
export const DEFAULT_RESUME_GRACE_MS = 20_000;

/** Longest wait for a new socket to open. */
const CONNECT_TIMEOUT_MS = 5000;

/** Bounds of the wait for the `resumeRoom` answer. */
const RESUME_TIMEOUT_MS = 8000;
const MIN_RESUME_TIMEOUT_MS = 2000;

/**
 * Closes a socket whose attempt failed. Not 1000/1001: a clean close would
 * make the server remove the participant at once, should the attempt have
 * succeeded on its side after all (e.g. an answer that came too late).
 */
const CLOSE_ATTEMPT_ABANDONED = 4000;

/** Server errors worth another attempt; any other one means the place is gone. */
const TRANSIENT_ERRORS = new Set([ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL_ERROR, ErrorCode.ALREADY_JOINED]);

/**
 * Why the call could not be resumed. `cause` is the last error, when there
 * was one (an {@link RpcError} such as `RESUME_FAILED`).
 */
export class ResumeError extends Error {
  /**
   * @param {string} message
   * @param {object} [details]
   * @param {unknown} [details.cause]
   * @param {boolean} [details.expired] true when the grace period ran out
   */
  constructor(message, { cause = null, expired = false } = {}) {
    super(message);
    this.name = 'ResumeError';
    this.cause = cause;
    this.expired = expired;
  }
}

/**
 * Whether a closed connection is worth resuming: anything the page did not
 * close itself and the server did not close on purpose.
 * @param {import('./conclave-client.js').CloseDetail} close
 * @returns {boolean}
 */
export function shouldResume({ code, byClient }) {
  return !byClient && !FINAL_CLOSE_CODES.has(code);
}

/**
 * The wait before a reconnection step: 0, 0.5 s, 1 s, 2 s, 4 s, then 5 s.
 * @param {number} step 0 for "at once", then 1, 2, …
 * @returns {number} milliseconds
 */
export function backoffDelay(step) {
  if (step <= 0) return 0;
  return Math.min(FIRST_BACKOFF_MS * 2 ** (step - 1), MAX_BACKOFF_MS);
}

/**
 * @typedef {object} ResumeOptions
 * @property {string} url the `/rpc` URL
 * @property {string} roomId
 * @property {string} resumeToken from the last join or resume result
 * @property {number} [graceMs] from the last join or resume result
 * @property {boolean} [immediate] first attempt at once (the server asked to reconnect), not after 0.5 s
 * @property {AbortSignal} signal aborts the whole thing (the user left); the promise then rejects with its reason
 * @property {(attempt: number) => void} [onAttempt] called as attempt 1, 2, … starts
 * @property {(options: {requestTimeoutMs: number}) => ConclaveClient} [createClient]
 */

/**
 * Opens new sockets with back-off and calls `resumeRoom` on each, until one
 * succeeds or the grace period (counted from now) is over. A new socket that
 * fails is closed; errors other than lost connections, timeouts and the
 * server being briefly unavailable end the attempts at once.
 *
 * The returned client is already pinging. Its result is handed over in
 * microtasks only, so a caller that subscribes right after `await` misses
 * none of the notifications that follow the result.
 * @param {ResumeOptions} options
 * @returns {Promise<{client: ConclaveClient, result: import('./conclave-client.js').JoinResult}>}
 * @throws {ResumeError} when the place is gone, or the signal's reason when aborted
 */
export async function resumeSession(options) {
  const { graceMs, immediate = false, signal, onAttempt = () => {} } = options;
  const deadline = Date.now() + (graceMs > 0 ? graceMs : DEFAULT_RESUME_GRACE_MS);
  let lastError = null;
  for (let attempt = 1; ; attempt += 1) {
    const wait = backoffDelay(immediate ? attempt - 1 : attempt);
    if (Date.now() + wait >= deadline) {
      throw new ResumeError('the grace period is over', { cause: lastError, expired: true });
    }
    await pause(wait, signal);
    onAttempt(attempt);
    try {
      return await attemptResume(options, deadline);
    } catch (error) {
      signal.throwIfAborted();
      if (!isTransient(error)) throw new ResumeError(error?.message ?? String(error), { cause: error });
      lastError = error;
    }
  }
}

/** One new socket and one `resumeRoom`. */
async function attemptResume({ url, roomId, resumeToken, signal, createClient = newClient }, deadline) {
  const remaining = deadline - Date.now();
  const client = createClient({
    requestTimeoutMs: Math.max(MIN_RESUME_TIMEOUT_MS, Math.min(RESUME_TIMEOUT_MS, remaining)),
  });
  // Leaving during an attempt: a clean close, the participant is going anyway.
  const leave = () => client.close(1000, 'leaving');
  signal.addEventListener('abort', leave, { once: true });
  try {
    await client.connect(url, { timeoutMs: Math.max(1, Math.min(CONNECT_TIMEOUT_MS, remaining)) });
    const result = await client.resumeRoom(roomId, resumeToken);
    return { client, result };
  } catch (error) {
    client.close(CLOSE_ATTEMPT_ABANDONED, 'resume attempt abandoned');
    throw error;
  } finally {
    signal.removeEventListener('abort', leave);
  }
}

function newClient(options) {
  return new ConclaveClient(options);
}

function isTransient(error) {
  return error instanceof RpcError && (error.isClientSide || TRANSIENT_ERRORS.has(error.code));
}

/**
 * Waits `ms`, or less when the browser comes back online; rejects when aborted.
 * @param {number} ms
 * @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
function pause(ms, signal) {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
    signal.addEventListener('abort', done);
    function done() {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      signal.removeEventListener('abort', done);
      if (signal.aborted) reject(signal.reason);
      else resolve();
    }
  });
}
