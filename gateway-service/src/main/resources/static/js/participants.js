/**
 * Everyone in the call as the page shows them: the participants (yourself
 * first, then in joining order), what is known of each one's media, and the
 * tiles and roster rendered from both.
 * @module participants
 */

import {
  clearTiles, removeTile, renderTile, resumePlayback, setTileIceState, showTileReaction,
} from './tiles.js';
import { clearNotice, showNotice } from './status.js';
import { handsFirst, renderAudienceCount, renderRoster } from './roster.js';
import { localTileView, remoteTileView, rosterEntry } from './views.js';
import { Stage } from './layout.js';

/** @typedef {import('./views.js').Participant} Participant */
/** @typedef {import('./conclave-client.js').ParticipantInfo} ParticipantInfo */

/** What only tiles show: a change of these leaves the roster as it is. */
const TILE_ONLY = new Set(['speaking', 'quality']);

export class ParticipantsView {
  #ui;
  /** @type {AbortController | null} set while waiting for a click to start blocked playback */
  #playbackBlocked = null;
  /** @type {import('./media.js').LocalMedia | null} */
  #media = null;
  #selfId = null;
  /** @type {Map<string, Participant>} */
  #people = new Map();
  /** @type {Map<string, import('./views.js').RemoteState>} */
  #remote = new Map();
  /** Whether you may moderate the others (the `moderate` grant). */
  #moderator = false;
  /** @type {Stage} grid or speaker view, and the pin */
  #stage;

  /**
   * @param {{tiles: HTMLElement, participants: HTMLElement, participantCount: HTMLElement,
   *   audienceCount: HTMLElement}} ui
   */
  constructor(ui) {
    this.#ui = ui;
    this.#stage = new Stage(ui.tiles);
  }

  /** The layout of the tiles. */
  get stage() {
    return this.#stage;
  }

  /** Own participant id, once joined. */
  get selfId() {
    return this.#selfId;
  }

  /** Yourself. @returns {Participant} */
  get self() {
    return this.#people.get(this.#selfId);
  }

  /** Everyone else in the room. @returns {string[]} */
  othersIds() {
    return [...this.#people.keys()].filter((id) => id !== this.#selfId);
  }

  /**
   * @param {string} id
   * @returns {Participant | undefined}
   */
  get(id) {
    return this.#people.get(id);
  }

  /**
   * Shows the room of a join result.
   * @param {import('./conclave-client.js').JoinResult} result
   * @param {object} options
   * @param {import('./media.js').LocalMedia} options.media your own media
   * @param {boolean} options.moderator
   */
  enter(result, { media, moderator }) {
    this.#media = media;
    this.#moderator = moderator;
    this.#selfId = result.participant.id;
    this.#people.set(this.#selfId, fromInfo(result.participant));
    (result.participants ?? []).forEach((info) => this.#people.set(info.id, fromInfo(info)));
    renderAudienceCount(this.#ui.audienceCount, result.audienceCount);
    this.#people.forEach((_, id) => this.renderTile(id));
    this.renderRoster();
  }

  /**
   * Takes on the room as a resume result describes it: removes those who left
   * meanwhile, adds newcomers, updates the others (keeping their media).
   * @param {import('./conclave-client.js').JoinResult} result
   * @param {object} options
   * @param {boolean} options.moderator
   * @returns {string[]} ids of the participants removed
   */
  reconcile(result, { moderator }) {
    this.#moderator = moderator;
    const listed = new Map((result.participants ?? []).map((info) => [info.id, info]));
    const removed = [...this.#people.keys()].filter((id) => id !== this.#selfId && !listed.has(id));
    removed.forEach((id) => this.remove(id));
    this.#people.set(this.#selfId, fromInfo(result.participant));
    listed.forEach((info, id) => this.#people.set(id, fromInfo(info, this.#people.get(id))));
    renderAudienceCount(this.#ui.audienceCount, result.audienceCount);
    this.#people.forEach((_, id) => this.renderTile(id));
    this.renderRoster();
    return removed;
  }

  /**
   * Someone joined.
   * @param {ParticipantInfo} info
   */
  add(info) {
    this.#people.set(info.id, fromInfo(info));
    this.renderTile(info.id);
    this.renderRoster();
  }

  /**
   * Someone left: removes the tile and the roster entry.
   * @param {string} id
   * @returns {boolean} whether they were shown
   */
  remove(id) {
    if (id === this.#selfId || !this.#people.delete(id)) return false;
    this.#remote.delete(id);
    removeTile(this.#ui.tiles, id);
    this.#stage.forget(id);
    this.renderRoster();
    return true;
  }

  /**
   * Changes what is known of a participant and re-renders it.
   * @param {string} id
   * @param {Partial<Participant>} changes
   */
  update(id, changes) {
    const person = this.#people.get(id);
    if (!person) return;
    Object.assign(person, changes);
    this.renderTile(id);
    if ('speaking' in changes) this.#stage.speakingChanged(id, changes.speaking === true, id === this.#selfId);
    if (Object.keys(changes).some((key) => !TILE_ONLY.has(key))) this.renderRoster();
  }

  /**
   * @param {string} id
   * @param {MediaStream} stream the remote participant's latest tracks
   */
  setStream(id, stream) {
    this.#remoteState(id).stream = stream;
    this.renderTile(id);
  }

  /**
   * @param {string} id
   * @param {string} iceState
   */
  setIceState(id, iceState) {
    this.#remoteState(id).iceState = iceState;
    setTileIceState(this.#ui.tiles, id, iceState);
  }

  /**
   * @param {string} id
   * @param {boolean} active whether the participant shares its screen
   */
  setScreen(id, active) {
    this.#remoteState(id).screen = active;
    this.renderTile(id);
    this.renderRoster();
  }

  /**
   * Forgets the media of a participant whose peer connection closed.
   * @param {string} id
   */
  forgetMedia(id) {
    this.#remote.delete(id);
  }

  /** Creates or updates one tile. @param {string} id */
  renderTile(id) {
    const info = this.#people.get(id);
    if (!info) return;
    const view = id === this.#selfId ? localTileView(info, this.#media) : remoteTileView(info, this.#remoteState(id));
    const added = !this.#ui.tiles.querySelector(`.tile[data-participant-id="${CSS.escape(id)}"]`);
    renderTile(this.#ui.tiles, view, () => this.#onPlaybackBlocked());
    if (added) this.#stage.apply();
  }

  renderRoster() {
    const entries = [...this.#people.values()].map((info) => {
      const self = info.id === this.#selfId;
      const screen = self ? this.#media.sharingScreen : Boolean(this.#remote.get(info.id)?.screen);
      return rosterEntry(info, { self, screen, moderator: this.#moderator });
    });
    renderRoster(this.#ui.participants, this.#ui.participantCount, handsFirst(entries));
  }

  /**
   * Floats a reaction over someone's tile for a moment.
   * @param {string} id
   * @param {string} emoji
   */
  showReaction(id, emoji) {
    showTileReaction(this.#ui.tiles, id, emoji);
  }

  /** Empties the tiles, the roster and the audience count. */
  clear() {
    if (this.#playbackBlocked) {
      this.#playbackBlocked.abort();
      this.#playbackBlocked = null;
      clearNotice();
    }
    this.#people.clear();
    this.#remote.clear();
    clearTiles(this.#ui.tiles);
    this.#stage.clear();
    renderRoster(this.#ui.participants, this.#ui.participantCount, []);
    renderAudienceCount(this.#ui.audienceCount, 0);
  }

  /** The browser refused to play the call without a user gesture: ask for a click. */
  #onPlaybackBlocked() {
    if (this.#playbackBlocked) return;
    const waiting = new AbortController();
    this.#playbackBlocked = waiting;
    showNotice('Your browser paused the call audio. Click anywhere on the page to start it.', { sticky: true });
    document.addEventListener('click', () => {
      this.#playbackBlocked = null;
      resumePlayback(this.#ui.tiles);
      clearNotice();
    }, { once: true, signal: waiting.signal });
  }

  #remoteState(id) {
    if (!this.#remote.has(id)) this.#remote.set(id, { stream: null, iceState: 'new', screen: false });
    return this.#remote.get(id);
  }
}

/**
 * A participant from the server's description. `reconnecting` and
 * `chatMuted` are not part of ParticipantInfo as documented: they are taken
 * when the server sends them. Otherwise `reconnecting` starts false (a
 * `participantResumed` missed while we were away must not leave a stale
 * badge) and `chatMuted` keeps what `chatMuted` notifications said.
 * @param {ParticipantInfo & {reconnecting?: unknown, chatMuted?: unknown}} info
 * @param {Participant} [known] what the page knew of this participant
 * @returns {Participant}
 */
function fromInfo(info, known = undefined) {
  const chatMuted = typeof info.chatMuted === 'boolean' ? info.chatMuted : known?.chatMuted === true;
  return { ...known, ...info, reconnecting: info.reconnecting === true, chatMuted };
}
