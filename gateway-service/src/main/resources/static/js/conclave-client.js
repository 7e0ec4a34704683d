/**
 * JSON-RPC 2.0 client for the Conclave signaling protocol (see docs/protocol.md).
 *
 * One instance wraps one WebSocket. It correlates requests with responses,
 * times requests out, turns server notifications into DOM events named after
 * the notification method, and keeps the session alive with `ping` once joined.
 * It has no reconnect logic of its own: once its socket closes it stays
 * closed. To get a dropped call back, a new instance connects and calls
 * {@link ConclaveClient#resumeRoom} (see reconnect.js and protocol.md,
 * "Staying connected").
 *
 * @example
 * const client = new ConclaveClient();
 * client.on('participantJoined', ({ participant }) => console.log(participant.name));
 * client.on('close', ({ code, reason }) => console.log('closed', code, reason));
 * await client.connect('wss://example.org/rpc');
 * const joined = await client.joinRoom('standup', token);
 * await client.sendMessage('hello');
 *
 * @module conclave-client
 */

import { ClientErrorCode, ErrorCode, RpcError, hasErrorCode } from './rpc-error.js';

/** Default time a request may wait for its response. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The server checks the connection itself (WebSocket pings after
 * `pingIntervalMs` of silence, which the browser answers unseen), so the client
 * sends no regular pings. It checks the server only when it has heard nothing
 * for this many ping intervals (15 s by default), or when the browser says it
 * is back online: a `ping` unanswered within one ping interval (at least
 * {@link MIN_CHECK_TIMEOUT_MS}) means the path is dead, and the client closes
 * as lost — in time to resume: the server holds a silent participant's place
 * for its own 3 intervals and then the resume grace.
 */
export const SERVER_CHECK_INTERVALS = 3;

/** The shortest wait for the answer to a check of the server. */
export const MIN_CHECK_TIMEOUT_MS = 2_000;

/** The server's ping interval assumed when the join result does not name a usable one. */
export const DEFAULT_PING_INTERVAL_MS = 5_000;

/** The close code of a connection this client gave up on (as the gateway's for a lost client): resumable. */
export const LOST_CLOSE_CODE = 4000;

/** The server answers frames over 64 KiB with MESSAGE_TOO_LARGE; refuse them locally. */
const MAX_FRAME_BYTES = 64 * 1024;

export { ClientErrorCode, ErrorCode, RpcError, hasErrorCode };

/**
 * @typedef {object} ParticipantInfo
 * @property {string} id participant id (`p_…`)
 * @property {string} identity stable identity from the join token
 * @property {string} name display name
 * @property {boolean} audioMuted
 * @property {boolean} videoMuted
 * @property {string} joinedAt ISO-8601 timestamp
 * @property {object} [metadata] the join token's `metadata` claim
 */

/**
 * The result of `joinRoom`, and of `resumeRoom` (then with the room as it is now).
 * @typedef {object} JoinResult
 * @property {string} roomId
 * @property {string} access `OPEN` or `TOKEN`
 * @property {string} topology `MESH` (peer to peer) or `SFU` (through a media server)
 * @property {number} maxParticipants
 * @property {ParticipantInfo} participant yourself
 * @property {string[]} grants any of `publish`, `subscribe`, `chat`, `moderate`
 * @property {ParticipantInfo[]} participants everyone already in the room, audience excluded
 * @property {number} [audienceCount] participants without the `publish` grant, who are not listed
 * @property {RTCIceServer[]} iceServers
 * @property {string[]} [publishers] SFU rooms: who publishes now, to subscribe to
 * @property {number} pingIntervalMs how long a silent connection goes before the server pings it (WebSocket
 *   pings, answered by the browser itself: the page sends none)
 * @property {string} [resumeToken] for `resumeRoom` after the connection drops
 * @property {number} [resumeGraceMs] how long after a drop `resumeRoom` may still succeed
 */

/**
 * @typedef {object} CloseDetail
 * @property {number} code WebSocket close code (see protocol.md "Close codes")
 * @property {string} reason close reason sent by the peer, possibly empty
 * @property {boolean} wasClean
 * @property {boolean} byClient true when {@link ConclaveClient#close} started the closure
 */

/**
 * JSON-RPC client over one WebSocket.
 *
 * Events (all `CustomEvent`s; with {@link ConclaveClient#on} the listener gets `detail`):
 * - `open` — the socket opened.
 * - `close` — the socket closed; detail {@link CloseDetail}.
 * - `notification` — any server notification; detail `{method, params}`.
 * - `participantJoined`, `participantLeft`, `participantReconnecting`,
 *   `participantResumed`, `relay`, `message`, `muted`, `chatMuted`, `removed`,
 *   `roomClosed`, `reconnect` (and any future notification) — dispatched under
 *   the method name; detail = `params`.
 * - `rpcerror` — an error response matching no pending request (e.g. `id: null`
 *   for an unparsable frame); detail = {@link RpcError}.
 */
export class ConclaveClient extends EventTarget {
  /** @type {WebSocket | null} */
  #socket = null;
  #nextId = 1;
  /** @type {Map<number, {resolve: Function, reject: Function, timer: ReturnType<typeof setTimeout>}>} */
  #pending = new Map();
  /** @type {ReturnType<typeof setInterval> | null} */
  #checkTimer = null;
  /** When the last frame from the server came (`Date.now()`). */
  #lastHeardAt = 0;
  /** @type {(() => void) | null} the check run when the browser comes back online */
  #onOnline = null;
  #closingByClient = false;
  #requestTimeoutMs;
  /** @type {JoinResult | null} */
  #joinResult = null;

  /**
   * @param {object} [options]
   * @param {number} [options.requestTimeoutMs] per-request timeout (default 10 s)
   */
  constructor({ requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS } = {}) {
    super();
    this.#requestTimeoutMs = requestTimeoutMs;
  }

  /** True while the socket is open. */
  get connected() {
    return this.#socket?.readyState === WebSocket.OPEN;
  }

  /** The result of the last successful `joinRoom`, or null when not in a room. */
  get joinResult() {
    return this.#joinResult;
  }

  /** Own participant id while in a room, else null. */
  get participantId() {
    return this.#joinResult?.participant.id ?? null;
  }

  /**
   * Subscribes to an event; the listener receives the event's `detail`.
   * @param {string} type event type (see class description)
   * @param {(detail: any, event: CustomEvent) => void} listener
   * @returns {() => void} a function that unsubscribes
   */
  on(type, listener) {
    const wrapped = (event) => listener(event.detail, event);
    this.addEventListener(type, wrapped);
    return () => this.removeEventListener(type, wrapped);
  }

  /**
   * Opens the WebSocket.
   * @param {string} url `ws(s)://host/rpc`
   * @param {object} [options]
   * @param {number} [options.timeoutMs] gives up (closing the socket) when it is
   *   not open after this long; 0 waits as long as the browser does
   * @returns {Promise<void>} resolves once open; rejects with an RpcError
   *   (`CONNECTION_CLOSED`) when the socket closes before opening
   */
  connect(url, { timeoutMs = 0 } = {}) {
    if (this.#socket) {
      return Promise.reject(new Error('ConclaveClient is already connected'));
    }
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      this.#socket = socket;
      this.#closingByClient = false;
      const timer = timeoutMs > 0 ? setTimeout(() => this.close(1000, 'connect timeout'), timeoutMs) : null;
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
        this.#emit('open');
      });
      socket.addEventListener('message', (event) => this.#onFrame(event.data));
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        reject(clientError(ClientErrorCode.CONNECTION_CLOSED, 'could not connect to the server'));
        this.#onClose(socket, event);
      });
    });
  }

  /**
   * Sends a request and waits for its response.
   * @param {string} method
   * @param {object} [params] omitted from the frame when undefined
   * @returns {Promise<any>} the `result`; rejects with an {@link RpcError}
   */
  request(method, params) {
    return this.#request(method, params, this.#requestTimeoutMs);
  }

  #request(method, params, timeoutMs) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(clientError(ClientErrorCode.REQUEST_TIMEOUT, `${method} timed out`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      try {
        this.#send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error);
      }
    });
  }

  /**
   * Sends a JSON-RPC notification (a request without `id`): the server
   * processes it and sends no response. Useful where no one can wait for
   * one, e.g. `leaveRoom` while the page unloads.
   * @param {string} method
   * @param {object} [params]
   * @returns {boolean} whether the frame was handed to the socket
   */
  notify(method, params) {
    try {
      this.#send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Joins a room, and starts checking on the server when it goes quiet.
   * @param {string} roomId must equal the token's `room` claim
   * @param {string} token join token
   * @returns {Promise<JoinResult>}
   */
  joinRoom(roomId, token) {
    return this.#enterRoom('joinRoom', { roomId, token });
  }

  /**
   * Takes a place in a room back after the connection dropped, on a new
   * socket (this client's), and starts checking on the server. Errors: `2002 RESUME_FAILED`
   * when the place is gone (join again).
   * @param {string} roomId the room you were in
   * @param {string} resumeToken from the join (or previous resume) result
   * @returns {Promise<JoinResult>} the same participant id; the room as it is now
   */
  resumeRoom(roomId, resumeToken) {
    return this.#enterRoom('resumeRoom', { roomId, resumeToken });
  }

  /**
   * Leaves the room (the socket stays open) and stops pinging.
   * @returns {Promise<{}>}
   */
  leaveRoom() {
    this.#stopCheck();
    this.#joinResult = null;
    return this.request('leaveRoom');
  }

  /**
   * Relays a mesh-signaling payload to another participant.
   * @param {string} to participant id
   * @param {{type: 'offer'|'answer', sdp: string}
   *   | {type: 'candidate', candidate: RTCIceCandidateInit}
   *   | {type: 'screen', active: boolean}} payload
   * @returns {Promise<{}>}
   */
  relay(to, payload) {
    return this.request('relay', { to, payload });
  }

  /**
   * Sends a chat message to everyone else in the room.
   * @param {string} text 1–2000 characters after trimming
   * @returns {Promise<{messageId: string, sentAt: string}>}
   */
  sendMessage(text) {
    return this.request('sendMessage', { text });
  }

  /**
   * Tells the room that the microphone or camera was (un)muted.
   * @param {'audio'|'video'} kind
   * @param {boolean} muted
   * @returns {Promise<{}>}
   */
  setMuted(kind, muted) {
    return this.request('setMuted', { kind, muted });
  }

  /**
   * Stops or lets again a participant chat (needs the `moderate` grant).
   * Everyone, you included, then gets `chatMuted`.
   * @param {string} participantId
   * @param {boolean} muted
   * @returns {Promise<{}>}
   */
  muteChat(participantId, muted) {
    return this.request('muteChat', { participantId, muted });
  }

  /**
   * Raises or lowers your hand; the others get `handChanged`.
   * @param {boolean} raised
   * @returns {Promise<{}>}
   */
  setHand(raised) {
    return this.request('setHand', { raised });
  }

  /**
   * Lowers someone's hand (needs the `moderate` grant); everyone, they
   * included, gets `handChanged` with `by`.
   * @param {string} participantId
   * @returns {Promise<{}>}
   */
  lowerHand(participantId) {
    return this.request('lowerHand', { participantId });
  }

  /**
   * A brief reaction, one of the emoji the server lists; the others get
   * `reaction`. Rate-limited (`RATE_LIMITED`).
   * @param {string} emoji
   * @returns {Promise<{}>}
   */
  react(emoji) {
    return this.request('react', { emoji });
  }

  /**
   * Tells the room you started or stopped speaking (a change, not levels;
   * rate-limited). The others get `speaking`.
   * @param {boolean} speaking
   * @returns {Promise<{}>}
   */
  setSpeaking(speaking) {
    return this.request('setSpeaking', { speaking });
  }

  /**
   * Turns off someone's microphone or camera (needs the `moderate` grant);
   * only they may turn it back on. Everyone, they included, gets `muted`
   * with `byServer: true`.
   * @param {string} participantId
   * @param {'audio' | 'video'} kind
   * @returns {Promise<{}>}
   */
  muteParticipant(participantId, kind) {
    return this.request('muteParticipant', { participantId, kind });
  }

  /**
   * Removes someone from the room (needs the `moderate` grant): they get
   * `removed`, the others `participantLeft` with reason `removed`.
   * @param {string} participantId
   * @returns {Promise<{}>}
   */
  removeParticipant(participantId) {
    return this.request('removeParticipant', { participantId });
  }

  /**
   * Shares how well your connection carries the call, coarsely (a change,
   * rate-limited); the others get `connectionQuality`.
   * @param {'good' | 'fair' | 'poor'} level
   * @returns {Promise<{}>}
   */
  setConnectionQuality(level) {
    return this.request('setConnectionQuality', { level });
  }

  /** @returns {Promise<{serverTime: string}>} */
  ping() {
    return this.request('ping');
  }

  /**
   * Closes the socket. Pending requests reject with `CONNECTION_CLOSED` and a
   * `close` event with `byClient: true` follows.
   * @param {number} [code] 1000 or 3000–4999
   * @param {string} [reason]
   */
  close(code = 1000, reason = '') {
    this.#stopCheck();
    const socket = this.#socket;
    if (!socket || socket.readyState >= WebSocket.CLOSING) return;
    this.#closingByClient = true;
    socket.close(code, reason);
  }

  async #enterRoom(method, params) {
    const result = await this.request(method, params);
    this.#joinResult = result;
    this.#watchServer(result.pingIntervalMs);
    return result;
  }

  #send(message) {
    if (!this.connected) {
      throw clientError(ClientErrorCode.NOT_CONNECTED, 'not connected to the server');
    }
    const frame = JSON.stringify(message);
    if (new TextEncoder().encode(frame).length > MAX_FRAME_BYTES) {
      throw new RpcError(ErrorCode.MESSAGE_TOO_LARGE, 'message too large', { name: 'MESSAGE_TOO_LARGE' });
    }
    this.#socket.send(frame);
  }

  #onFrame(data) {
    this.#lastHeardAt = Date.now();
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      this.#emit('rpcerror', new RpcError(-32700, 'the server sent an unreadable frame', { name: 'PARSE_ERROR' }));
      return;
    }
    // several notifications may come in one frame, as a JSON-RPC batch (busy rooms' chat)
    for (const one of Array.isArray(message) ? message : [message]) this.#onMessage(one);
  }

  #onMessage(message) {
    if (!isObject(message)) return;
    if (typeof message.method === 'string' && !('id' in message)) {
      this.#onNotification(message.method, message.params ?? {});
    } else if ('result' in message || 'error' in message) {
      this.#onResponse(message);
    }
  }

  #onResponse({ id, result, error }) {
    const pending = this.#pending.get(id);
    if (!pending) {
      if (error) this.#emit('rpcerror', RpcError.fromResponse(error));
      return;
    }
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    if (error) pending.reject(RpcError.fromResponse(error));
    else pending.resolve(result);
  }

  #onNotification(method, params) {
    this.#emit('notification', { method, params });
    this.#emit(method, params);
  }

  #onClose(socket, event) {
    if (socket !== this.#socket) return;
    this.#stopCheck();
    this.#socket = null;
    this.#joinResult = null;
    for (const { reject, timer } of this.#pending.values()) {
      clearTimeout(timer);
      reject(clientError(ClientErrorCode.CONNECTION_CLOSED, 'the connection closed'));
    }
    this.#pending.clear();
    /** @type {CloseDetail} */
    const detail = {
      code: event.code,
      reason: event.reason,
      wasClean: event.wasClean,
      byClient: this.#closingByClient,
    };
    this.#emit('close', detail);
  }

  /**
   * Asks the server whether it is there when it has been quiet for
   * {@link SERVER_CHECK_INTERVALS} of its ping intervals. A dead path (Wi-Fi
   * gone, a server that vanished) may not close the socket for minutes; without
   * an answer the client closes it as lost, so that the page resumes.
   * @param {number} pingIntervalMs from the join result
   */
  #watchServer(pingIntervalMs) {
    this.#stopCheck();
    const interval = Number.isFinite(pingIntervalMs) && pingIntervalMs > 0 ? pingIntervalMs : DEFAULT_PING_INTERVAL_MS;
    const quietLimit = interval * SERVER_CHECK_INTERVALS;
    const timeout = Math.max(interval, MIN_CHECK_TIMEOUT_MS);
    this.#lastHeardAt = Date.now();
    const socket = this.#socket;
    let checking = false;
    const check = () => {
      if (checking) return;
      checking = true;
      this.#request('ping', undefined, timeout).then(
        () => { checking = false; },
        (error) => {
          checking = false;
          if (hasErrorCode(error, ClientErrorCode.REQUEST_TIMEOUT)) this.#lose(socket);
        });
    };
    this.#checkTimer = setInterval(() => {
      if (Date.now() - this.#lastHeardAt >= quietLimit) check();
    }, interval);
    // back from a network change: the old path may be gone without a word
    this.#onOnline = check;
    globalThis.addEventListener?.('online', check);
  }

  #stopCheck() {
    if (this.#checkTimer !== null) clearInterval(this.#checkTimer);
    this.#checkTimer = null;
    if (this.#onOnline) globalThis.removeEventListener?.('online', this.#onOnline);
    this.#onOnline = null;
  }

  /** Gives the connection up as lost now: a dead path may not end its socket for minutes. */
  #lose(socket) {
    if (socket !== this.#socket) return;
    const reason = 'the server stopped answering';
    this.#onClose(socket, { code: LOST_CLOSE_CODE, reason, wasClean: false });
    socket.close(LOST_CLOSE_CODE, reason);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function clientError(code, message) {
  return new RpcError(code, message);
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
