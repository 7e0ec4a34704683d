/**
 * The page's status surfaces: connection state, error banner and notices.
 * @module status
 */

import { byId } from './dom.js';

/** Human text for WebSocket close codes (protocol.md, "Close codes"). */
const CLOSE_REASONS = Object.freeze({
  1000: 'the connection was closed',
  1001: 'the server is shutting down',
  1006: 'the connection was lost',
  1009: 'a message was too large',
  1011: 'the server hit an error',
  1012: 'the server is restarting',
  4001: 'did not join the room in time',
  4002: 'the connection timed out',
  4012: 'the server is restarting; reconnecting',
  4401: 'the invitation is missing, invalid or expired',
  4403: 'you are not allowed in this room',
  4409: 'you joined this room from another tab or device',
  4410: 'the meeting was closed',
  4411: 'you were removed from the meeting',
});

const STATE_TEXT = Object.freeze({
  idle: 'not connected',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting…',
});

const NOTICE_TIMEOUT_MS = 6000;
let noticeTimer = null;

/**
 * Explains why the socket closed.
 * @param {{code: number, reason?: string}} close
 * @returns {string}
 */
export function describeClose({ code, reason }) {
  return CLOSE_REASONS[code] ?? (reason || `the connection closed (code ${code})`);
}

/**
 * Shows the state of the signaling connection in `#connection-state`
 * (its `data-state` is the state itself):
 * - `idle` — not in a call;
 * - `connecting` — joining;
 * - `connected` — in the call;
 * - `reconnecting` — in the call, getting a dropped connection back (media may still flow);
 * - `disconnected` — the call ended because the connection closed.
 * @param {'idle'|'connecting'|'connected'|'reconnecting'|'disconnected'} state
 * @param {string} [detail] the reason after "disconnected: ", or the progress
 *   while reconnecting, e.g. `attempt 3` → "reconnecting (attempt 3)…"
 */
export function setConnectionState(state, detail = '') {
  const element = byId('connection-state');
  element.dataset.state = state;
  element.textContent = stateText(state, detail);
}

function stateText(state, detail) {
  if (state === 'disconnected') return `disconnected: ${detail || 'unknown reason'}`;
  if (state === 'reconnecting' && detail) return `reconnecting (${detail})…`;
  return STATE_TEXT[state];
}

/**
 * What to tell the user of a failure: its message, or a generic sentence.
 * @param {unknown} error
 * @returns {string}
 */
export function errorText(error) {
  return (error instanceof Error && error.message) || 'Something went wrong.';
}

/** @param {string} message shown in the dismissable error banner */
export function showError(message) {
  byId('error-text').textContent = message;
  byId('error').hidden = false;
}

export function clearError() {
  byId('error').hidden = true;
  byId('error-text').textContent = '';
}

/**
 * Shows a non-fatal notice.
 * @param {string} message
 * @param {object} [options]
 * @param {boolean} [options.sticky] keep it until dismissed or replaced
 */
export function showNotice(message, { sticky = false } = {}) {
  clearTimeout(noticeTimer);
  byId('notice-text').textContent = message;
  byId('notice').hidden = false;
  noticeTimer = sticky ? null : setTimeout(clearNotice, NOTICE_TIMEOUT_MS);
}

export function clearNotice() {
  clearTimeout(noticeTimer);
  noticeTimer = null;
  byId('notice').hidden = true;
  byId('notice-text').textContent = '';
}

/** Wires the dismiss buttons of the error banner and the notice. */
export function bindStatusControls() {
  byId('error-dismiss').addEventListener('click', clearError);
  byId('notice-dismiss').addEventListener('click', clearNotice);
}
