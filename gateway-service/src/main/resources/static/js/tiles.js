/**
 * Video tiles: one per participant inside `#tiles`, laid out as a grid that
 * adapts to 1–16 tiles (or as the speaker view: layout.js), each with a pin
 * button, and the output device their sound plays through.
 * @module tiles
 */

import { el, icon, initials, hueFor } from './dom.js';

/**
 * Everything a tile shows.
 * @typedef {object} TileView
 * @property {string} id participant id
 * @property {string} name display name
 * @property {string} label caption ("You" for the local tile)
 * @property {boolean} local
 * @property {MediaStream | null} stream
 * @property {boolean} videoOn whether a picture is expected; it shows once frames are decoded
 * @property {boolean} audioMuted
 * @property {boolean} screen whether the picture is a shared screen
 * @property {boolean} [reconnecting] remote tiles only: its signaling connection dropped
 *   and it may come back (its media may still flow)
 * @property {string} [iceState] remote tiles only
 * @property {boolean} [handRaised]
 * @property {boolean} [speaking]
 * @property {'good' | 'fair' | 'poor' | null} [quality] how well its connection carries the call
 */

/** Whether each tile's view expects a picture (the tile shows it once frames arrive). */
const pictureWanted = new WeakMap();

/** Columns for a number of tiles, on wide and on narrow screens. */
function columnsFor(count) {
  if (count <= 1) return 1;
  if (count <= 4) return 2;
  if (count <= 9) return 3;
  return 4;
}

/**
 * Sizes the grid for its current number of tiles.
 * @param {HTMLElement} container `#tiles`
 */
export function updateGridLayout(container) {
  const count = container.children.length;
  const columns = columnsFor(count);
  container.dataset.count = String(count);
  container.style.setProperty('--cols', String(columns));
  container.style.setProperty('--rows', String(Math.max(1, Math.ceil(count / columns))));
  container.style.setProperty('--cols-narrow', String(Math.min(columns, 2)));
}

/**
 * Creates or updates the tile of a participant.
 * @param {HTMLElement} container `#tiles`
 * @param {TileView} view
 * @param {(error: Error) => void} onPlaybackBlocked called when the browser refuses to autoplay
 * @returns {HTMLElement} the tile
 */
export function renderTile(container, view, onPlaybackBlocked) {
  let tile = findTile(container, view.id);
  if (!tile) {
    tile = createTile(view);
    if (view.local) container.prepend(tile);
    else container.append(tile);
    updateGridLayout(container);
  }
  updateTile(tile, view, onPlaybackBlocked);
  return tile;
}

/**
 * @param {HTMLElement} container
 * @param {string} id
 */
export function removeTile(container, id) {
  findTile(container, id)?.remove();
  updateGridLayout(container);
}

/** @param {HTMLElement} container */
export function clearTiles(container) {
  container.querySelectorAll('video').forEach((video) => { video.srcObject = null; });
  container.replaceChildren();
  updateGridLayout(container);
}

/**
 * Records a remote peer connection's ICE state on its tile.
 * @param {HTMLElement} container
 * @param {string} id
 * @param {string} iceState
 */
export function setTileIceState(container, id, iceState) {
  const tile = findTile(container, id);
  if (tile) tile.dataset.iceState = iceState;
}

/** What a tile says of a connection that is not good. */
const QUALITY_LABELS = Object.freeze({ fair: 'unstable connection', poor: 'poor connection' });

/** The speaker or headphones the call plays through ('' : the system's default). */
let audioOutput = '';

/** Whether this browser can choose where a page's sound plays. */
export const canChooseAudioOutput = typeof HTMLMediaElement !== 'undefined'
  && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * Plays every tile's sound through an output device, and the tiles made later too.
 * @param {HTMLElement} container `#tiles`
 * @param {string} deviceId '' for the system's default
 * @returns {Promise<void>} rejects when the browser refuses the device
 */
export async function setAudioOutput(container, deviceId) {
  if (!canChooseAudioOutput) return;
  const videos = [...container.querySelectorAll('video')].filter((video) => !video.muted);
  await Promise.all(videos.map((video) => video.setSinkId(deviceId)));
  audioOutput = deviceId;
}

function playThrough(video, deviceId) {
  if (canChooseAudioOutput && video.sinkId !== deviceId) video.setSinkId(deviceId).catch(() => {});
}

/** How long a reaction floats over its tile. */
const REACTION_MS = 3000;

/**
 * Floats a reaction over the participant's tile for a moment.
 * @param {HTMLElement} container
 * @param {string} id
 * @param {string} emoji
 */
export function showTileReaction(container, id, emoji) {
  const tile = findTile(container, id);
  if (!tile) return;
  const reaction = el('span', { className: 'tile-reaction', text: emoji, attrs: { 'aria-hidden': 'true' } });
  tile.append(reaction);
  setTimeout(() => reaction.remove(), REACTION_MS);
}

/**
 * Retries playback of every tile (after a user gesture, when autoplay was blocked).
 * @param {HTMLElement} container
 */
export function resumePlayback(container) {
  container.querySelectorAll('video').forEach((video) => {
    if (video.srcObject && video.paused) video.play().catch(() => {});
  });
}

function findTile(container, id) {
  return [...container.children].find((tile) => tile.dataset.participantId === id) ?? null;
}

function createTile(view) {
  const video = el('video', { className: 'tile-video', attrs: { playsinline: '', autoplay: '' } });
  video.playsInline = true;
  video.autoplay = true;
  video.muted = view.local; // never play your own microphone back
  const avatar = el('div', { className: 'tile-avatar', attrs: { 'aria-hidden': 'true' } }, [
    el('span', { className: 'tile-initials' }),
  ]);
  const caption = el('figcaption', { className: 'tile-caption' }, [
    icon('mic-off', 'tile-muted'),
    el('span', { className: 'tile-name' }),
    el('span', { className: 'tile-badge', text: 'screen' }),
    el('span', { className: 'tile-reconnecting', text: 'reconnecting…' }),
    el('span', { className: 'tile-hand', text: '✋', attrs: { 'aria-hidden': 'true' } }),
    el('span', { className: 'tile-quality' }),
  ]);
  const pin = el('button', {
    className: 'tile-pin',
    attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': `Pin ${view.name}`, title: 'Pin (show large)' },
  }, [icon('pin')]);
  const tile = el('figure', { className: view.local ? 'tile local' : 'tile' }, [video, avatar, caption, pin]);
  pictureWanted.set(tile, false);
  ['loadeddata', 'resize', 'emptied'].forEach((type) => video.addEventListener(type, () => showPicture(tile)));
  tile.dataset.participantId = view.id;
  if (!view.local) tile.dataset.iceState = view.iceState ?? 'new';
  return tile;
}

function updateTile(tile, view, onPlaybackBlocked) {
  tile.dataset.name = view.name;
  pictureWanted.set(tile, view.videoOn);
  tile.dataset.audioMuted = String(view.audioMuted);
  tile.dataset.screen = String(view.screen);
  if (view.reconnecting) tile.dataset.reconnecting = 'true';
  else delete tile.dataset.reconnecting;
  if (view.handRaised) tile.dataset.handRaised = 'true';
  else delete tile.dataset.handRaised;
  tile.dataset.speaking = String(view.speaking === true);
  if (view.quality && view.quality !== 'good') tile.dataset.quality = view.quality;
  else delete tile.dataset.quality;
  tile.querySelector('.tile-quality').textContent = QUALITY_LABELS[view.quality] ?? '';
  if (!view.local && view.iceState) tile.dataset.iceState = view.iceState;
  tile.querySelector('.tile-name').textContent = view.label;
  tile.querySelector('.tile-initials').textContent = initials(view.name);
  tile.querySelector('.tile-avatar').style.setProperty('--hue', String(hueFor(view.id)));
  tile.setAttribute('aria-label', describeTile(view));
  attachStream(tile.querySelector('video'), view.stream, onPlaybackBlocked);
  showPicture(tile);
}

/** Shows the video, or the avatar while no picture is expected or decoded yet. */
function showPicture(tile) {
  const video = tile.querySelector('video');
  const decoded = video.srcObject !== null && video.videoWidth > 0;
  tile.dataset.video = pictureWanted.get(tile) && decoded ? 'on' : 'off';
}

function describeTile(view) {
  const parts = [view.local ? `${view.name} (you)` : view.name];
  if (view.screen) parts.push('sharing screen');
  else if (!view.videoOn) parts.push('camera off');
  if (view.audioMuted) parts.push('microphone muted');
  if (view.reconnecting) parts.push('reconnecting');
  if (view.handRaised) parts.push('hand raised');
  if (QUALITY_LABELS[view.quality]) parts.push(QUALITY_LABELS[view.quality]);
  return parts.join(', ');
}

function attachStream(video, stream, onPlaybackBlocked) {
  if (video.srcObject === stream) return;
  if (!video.muted) playThrough(video, audioOutput);
  video.srcObject = stream;
  if (!stream) return;
  video.play().catch((error) => {
    // AbortError: a newer srcObject replaced this one; nothing to do.
    if (error?.name === 'NotAllowedError') onPlaybackBlocked(error);
  });
}
