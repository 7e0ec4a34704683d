/**
 * Conclave conference page: the join form with its camera preview and device
 * pickers, switching between the join view and the call, and the
 * `window.conclave` debugging handle.
 * @module app
 */

import { CallSession } from './call-session.js';
import { DevicePickers, storedChoice } from './devices.js';
import { LocalMedia } from './media.js';
import { byId } from './dom.js';
import {
  ROOM_ID_PATTERN, decodeJwtPayload, displayNameProblem, iceTransportPolicy, inviteUrl, randomRoomId, tokenFromHash,
} from './join.js';
import {
  bindStatusControls, clearError, clearNotice, setConnectionState, showError, showNotice,
} from './status.js';

const NAME_STORAGE_KEY = 'conclave.displayName';
const ROOM_RULE = 'Use 1–64 letters, digits, "-" or "_", starting with a letter or digit.';

const ui = {
  joinView: byId('join-view'),
  call: byId('call'),
  callTitle: byId('call-title'),
  form: byId('join-form'),
  roomInput: byId('room-input'),
  nameInput: byId('name-input'),
  nameHint: byId('name-hint'),
  joinButton: byId('join-button'),
  roomLabel: byId('room-label'),
  previewVideo: /** @type {HTMLVideoElement} */ (byId('preview-video')),
  devicePanel: byId('device-panel'),
};

const pickers = new DevicePickers();

/**
 * The camera and microphone shown in the join card, handed to the call on
 * Join (so nothing is asked twice).
 * @type {Promise<{media: LocalMedia, notice: string | null}> | null}
 */
let preview = null;

/** `?relay=1`: read before the address bar is rewritten to the room's link. */
const transportPolicy = iceTransportPolicy(window.location.search);

/** A token handed over as `#token=…`, with the claims the form needs. */
const invitation = takeInvitation();

/** @type {CallSession | null} */
let session = null;

/**
 * Reads `#token=` from the URL and removes it from the address bar, so it is
 * neither shared nor left in the history.
 * @returns {{token: string, room: string | null, name: string | null} | null}
 */
function takeInvitation() {
  const token = tokenFromHash(window.location.hash);
  if (!token) return null;
  history.replaceState(history.state, '', window.location.pathname + window.location.search);
  const claims = decodeJwtPayload(token) ?? {};
  return {
    token,
    room: typeof claims.room === 'string' ? claims.room : null,
    name: typeof claims.name === 'string' ? claims.name : null,
  };
}

/** Whether the invitation token is the one to join `roomId` with. */
function invitationFor(roomId) {
  return invitation && (invitation.room === null || invitation.room === roomId) ? invitation : null;
}

function storedName() {
  try {
    return localStorage.getItem(NAME_STORAGE_KEY) ?? '';
  } catch {
    return ''; // storage disabled
  }
}

function rememberName(name) {
  try {
    localStorage.setItem(NAME_STORAGE_KEY, name);
  } catch {
    // storage disabled or full: the name is simply not remembered
  }
}

function prefillForm() {
  const requested = new URLSearchParams(window.location.search).get('room');
  ui.roomInput.value = requested ?? invitation?.room ?? randomRoomId();
  ui.nameInput.value = storedName();
  syncNameWithInvitation();
}

/** With an invitation for the chosen room, the name comes from the token. */
function syncNameWithInvitation() {
  const name = invitationFor(ui.roomInput.value.trim())?.name ?? null;
  const fromToken = name !== null;
  if (fromToken) ui.nameInput.value = name;
  else if (ui.nameInput.readOnly) ui.nameInput.value = storedName();
  ui.nameInput.readOnly = fromToken;
  ui.nameHint.hidden = !fromToken;
}

/** Validates the form; reports problems on the fields themselves. */
function readForm() {
  const roomId = ui.roomInput.value.trim();
  const displayName = ui.nameInput.value.trim();
  ui.roomInput.value = roomId;
  ui.roomInput.setCustomValidity(ROOM_ID_PATTERN.test(roomId) ? '' : ROOM_RULE);
  ui.nameInput.setCustomValidity(ui.nameInput.readOnly ? '' : displayNameProblem(displayName));
  return ui.form.reportValidity() ? { roomId, displayName } : null;
}

function onJoinSubmit(event) {
  event.preventDefault();
  if (session) return;
  const values = readForm();
  if (!values) return;
  if (!ui.nameInput.readOnly) rememberName(values.displayName);
  joinCall(values).catch((error) => showError(error?.message ?? String(error)));
}

async function joinCall({ roomId, displayName }) {
  clearError();
  clearNotice();
  if (invitation && !invitationFor(roomId)) {
    showNotice(`Your invitation is for room "${invitation.room}"; joining "${roomId}" as a guest.`);
  }
  const current = new CallSession({
    roomId,
    displayName,
    token: invitationFor(roomId)?.token ?? null,
    iceTransportPolicy: transportPolicy,
    acquireMedia: handOverPreview,
    pickers,
  });
  session = current;
  current.addEventListener('ended', ({ detail }) => onCallEnded(current, detail), { once: true });
  setJoining(true);
  setConnectionState('connecting');
  const joined = await current.start();
  setJoining(false);
  if (joined && session === current) showCall(roomId);
}

function onCallEnded(ended, { state, reason, error }) {
  if (session !== ended) return;
  session = null;
  setJoining(false);
  setConnectionState(state, reason);
  if (error) showError(error);
  showJoinForm();
}

/** Shows your camera in the join card and lets you pick devices before joining. */
function startPreview() {
  if (preview) return;
  const acquiring = LocalMedia.acquire(storedChoice());
  preview = acquiring;
  acquiring.then(({ media, notice }) => {
    if (preview !== acquiring) return; // handed over meanwhile
    const show = () => { ui.previewVideo.srcObject = media.previewStream; };
    show();
    media.addEventListener('trackchanged', show);
    pickers.use(media, notice);
    if (notice && !session) showNotice(notice, { sticky: true });
  });
}

/** The preview's media, for the call: the join card stops showing it. */
async function handOverPreview() {
  startPreview();
  const acquired = await preview;
  preview = null;
  ui.previewVideo.srcObject = null;
  return acquired;
}

function setJoining(busy) {
  ui.joinButton.disabled = busy;
  ui.joinButton.textContent = busy ? 'Joining…' : 'Join';
  ui.form.setAttribute('aria-busy', String(busy));
}

function showCall(roomId) {
  history.replaceState(history.state, '', inviteUrl(roomId));
  ui.roomLabel.textContent = roomId;
  ui.roomLabel.hidden = false;
  ui.callTitle.textContent = `Call in room ${roomId}`;
  ui.joinView.hidden = true;
  ui.devicePanel.append(pickers.element);
  ui.call.hidden = false;
  ui.callTitle.focus();
}

function showJoinForm() {
  ui.call.hidden = true;
  ui.roomLabel.hidden = true;
  ui.form.append(pickers.element);
  ui.joinView.hidden = false;
  ui.joinButton.focus();
  startPreview();
}

function init() {
  bindStatusControls();
  prefillForm();
  setConnectionState('idle');
  ui.form.addEventListener('submit', onJoinSubmit);
  ui.roomInput.addEventListener('input', () => {
    ui.roomInput.setCustomValidity('');
    syncNameWithInvitation();
  });
  ui.nameInput.addEventListener('input', () => ui.nameInput.setCustomValidity(''));
  window.addEventListener('pagehide', () => {
    session?.abandon();
    preview?.then(({ media }) => media.stop());
  });
  startPreview();
  window.conclave = Object.freeze({
    /** The signaling client of the current call (after a resume, the new one), or null. */
    get client() { return session?.client ?? null; },
    /** The mesh manager of the current call, or null. */
    get mesh() { return session?.mesh ?? null; },
    /** The camera and microphone of the current call, or null. */
    get media() { return session?.media ?? null; },
  });
}

init();
