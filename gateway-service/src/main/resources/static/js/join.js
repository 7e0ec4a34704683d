/**
 * Join helpers: guest tokens, tokens handed over in the URL, room ids and
 * invite links.
 * @module join
 */

/** Room ids accepted by the server (protocol.md, "Getting a join token"). */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Display names: 1–64 characters without control characters. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u;
export const MAX_NAME_LENGTH = 64;

const ADJECTIVES = [
  'calm', 'bright', 'gentle', 'quiet', 'brave', 'clever', 'swift', 'sunny',
  'misty', 'steady', 'kind', 'bold', 'lucky', 'merry', 'noble', 'witty',
];
const ANIMALS = [
  'otter', 'heron', 'lynx', 'panda', 'falcon', 'badger', 'koala', 'marten',
  'ibis', 'puffin', 'gecko', 'bison', 'raven', 'seal', 'tapir', 'wren',
];

/** Failure of the guest-token request, with the message to show. */
export class TokenRequestError extends Error {
  /**
   * @param {string} message text for the user
   * @param {object} [details]
   * @param {number} [details.status] HTTP status (0 when the server was unreachable)
   * @param {number | null} [details.retryAfter] seconds to wait (429 only)
   * @param {object | null} [details.problem] the RFC 7807 body, if any
   */
  constructor(message, { status = 0, retryAfter = null, problem = null } = {}) {
    super(message);
    this.name = 'TokenRequestError';
    this.status = status;
    this.retryAfter = retryAfter;
    this.problem = problem;
  }
}

/** @returns {string} a readable random room id such as `calm-otter-42` */
export function randomRoomId() {
  const [a, b, c] = crypto.getRandomValues(new Uint32Array(3));
  return `${ADJECTIVES[a % ADJECTIVES.length]}-${ANIMALS[b % ANIMALS.length]}-${10 + (c % 90)}`;
}

/**
 * Checks a display name against the server's rules.
 * @param {string} name already trimmed
 * @returns {string} an error message, or '' when valid
 */
export function displayNameProblem(name) {
  if (name.length === 0) return 'Please enter your name.';
  if (name.length > MAX_NAME_LENGTH) return `Use at most ${MAX_NAME_LENGTH} characters.`;
  if (CONTROL_CHARACTERS.test(name)) return 'The name contains characters that cannot be shown.';
  return '';
}

/**
 * Reads a join token handed over as `#token=<jwt>`.
 * @param {string} hash `location.hash`
 * @returns {string | null}
 */
export function tokenFromHash(hash) {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token ? token.trim() : null;
}

/**
 * Decodes the payload of a JWT without verifying it (the server verifies).
 * @param {string} token
 * @returns {Record<string, unknown> | null} null when it is not a readable JWT
 */
export function decodeJwtPayload(token) {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return typeof payload === 'object' && payload !== null ? payload : null;
  } catch {
    return null;
  }
}

/**
 * The shareable link to a room: this page with `?room=<id>` and nothing else
 * (never the token).
 * @param {string} roomId
 * @returns {string}
 */
export function inviteUrl(roomId) {
  const url = new URL(window.location.pathname, window.location.origin);
  url.searchParams.set('room', roomId);
  return url.href;
}

/**
 * The ICE transport policy the page was opened with: `?relay=1` sends media
 * only through the TURN server of the join result (strict firewalls, tests).
 * @param {string} search `location.search`
 * @returns {RTCIceTransportPolicy} 'relay' or 'all'
 */
export function iceTransportPolicy(search) {
  return new URLSearchParams(search).get('relay') === '1' ? 'relay' : 'all';
}

/** @returns {string} the signaling WebSocket URL of this gateway */
export function signalingUrl() {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/rpc`;
}

/**
 * Asks the gateway for a guest join token.
 * @param {string} roomId
 * @param {string} displayName
 * @returns {Promise<{token: string, roomId: string, identity: string, expiresAt: string}>}
 * @throws {TokenRequestError}
 */
export async function requestGuestToken(roomId, displayName) {
  let response;
  try {
    response = await fetch(`/api/v1/rooms/${encodeURIComponent(roomId)}/guest-tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ displayName }),
    });
  } catch {
    throw new TokenRequestError('Could not reach the server. Check your connection and try again.');
  }
  const body = await readJson(response);
  if (!response.ok) throw tokenError(response, body);
  if (typeof body?.token !== 'string') {
    throw new TokenRequestError('The server sent an unexpected answer. Please try again.', { status: response.status });
  }
  return body;
}

function tokenError(response, problem) {
  const { status } = response;
  if (status === 429) {
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    const when = retryAfter === null ? 'in a moment' : `in ${retryAfter} s`;
    return new TokenRequestError(`Too many attempts, retry ${when}.`, { status, retryAfter, problem });
  }
  const text = problem?.detail || problem?.title || `The server refused to let you join (HTTP ${status}).`;
  return new TokenRequestError(String(text), { status, problem });
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * @param {string | null} header a Retry-After value: seconds or an HTTP date
 * @returns {number | null}
 */
function retryAfterSeconds(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
