/**
 * Errors of the Conclave signaling protocol (docs/protocol.md, "Errors"):
 * the codes the server answers with, the ones the client raises itself, and
 * {@link RpcError}, which carries either. Re-exported by conclave-client.js.
 * @module rpc-error
 */

/**
 * Codes the server answers JSON-RPC requests with (the REST-only ones left out).
 * @readonly
 * @enum {number}
 */
export const ErrorCode = Object.freeze({
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  UNAVAILABLE: -32000,
  MESSAGE_TOO_LARGE: 1000,
  RATE_LIMITED: 1001,
  MESSAGE_REJECTED: 1002,
  NOT_JOINED: 2000,
  ALREADY_JOINED: 2001,
  RESUME_FAILED: 2002,
  TOKEN_MISSING: 3000,
  TOKEN_INVALID: 3001,
  TOKEN_EXPIRED: 3002,
  TOKEN_ROOM_MISMATCH: 3003,
  PERMISSION_DENIED: 3004,
  CHAT_MUTED: 3005,
  ROOM_NOT_FOUND: 4000,
  ROOM_FULL: 4001,
  ROOM_CLOSED: 4002,
  ROOM_ACCESS_DENIED: 4003,
  BLOCKED: 4006,
  PARTICIPANT_NOT_FOUND: 5000,
  CANNOT_RELAY_TO_SELF: 5001,
  SFU_UNAVAILABLE: 7000,
  NOT_SFU_ROOM: 7001,
  ALREADY_PUBLISHING: 7002,
  NOT_PUBLISHING: 7003,
  INVALID_SDP: 7004,
  UNKNOWN_ENDPOINT: 7005,
  CANNOT_SUBSCRIBE_TO_SELF: 7006,
});

/**
 * Codes of errors raised by the client itself (never sent by the server,
 * whose codes are positive or in the JSON-RPC -32xxx range).
 * @readonly
 * @enum {number}
 */
export const ClientErrorCode = Object.freeze({
  /** No response within the request timeout. */
  REQUEST_TIMEOUT: -1,
  /** The socket closed before the response arrived, or could not be opened. */
  CONNECTION_CLOSED: -2,
  /** The request was made while the socket was not open. */
  NOT_CONNECTED: -3,
});

const CLIENT_ERROR_NAMES = Object.freeze(
  Object.fromEntries(Object.entries(ClientErrorCode).map(([name, code]) => [code, name])),
);

/**
 * A JSON-RPC error: one answered by the server, or one of {@link ClientErrorCode}.
 * `data.name` always holds the symbolic name (e.g. `NOT_JOINED`, `REQUEST_TIMEOUT`).
 */
export class RpcError extends Error {
  /**
   * @param {number} code numeric error code
   * @param {string} message human-readable message
   * @param {{name?: string, field?: string, [key: string]: unknown}} [data]
   */
  constructor(code, message, data = {}) {
    super(message);
    this.name = 'RpcError';
    /** @type {number} */
    this.code = code;
    /** @type {{name?: string, field?: string, [key: string]: unknown}} */
    this.data = Object.hasOwn(CLIENT_ERROR_NAMES, code) ? { name: CLIENT_ERROR_NAMES[code], ...data } : { ...data };
  }

  /** The symbolic error name, e.g. `ROOM_FULL`. */
  get errorName() {
    return this.data.name ?? null;
  }

  /** True when the client raised this error (timeout, closed socket). */
  get isClientSide() {
    return Object.hasOwn(CLIENT_ERROR_NAMES, this.code);
  }

  /**
   * Builds an RpcError from the `error` member of a JSON-RPC response.
   * @param {unknown} error
   * @returns {RpcError}
   */
  static fromResponse(error) {
    const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
    const { code = ErrorCode.INTERNAL_ERROR, message = 'unknown error', data } = isObject(error) ? error : {};
    return new RpcError(Number(code), String(message), isObject(data) ? data : {});
  }
}

/**
 * Whether `error` is an RpcError with the given code.
 * @param {unknown} error
 * @param {number} code
 * @returns {boolean}
 */
export function hasErrorCode(error, code) {
  return error instanceof RpcError && error.code === code;
}
