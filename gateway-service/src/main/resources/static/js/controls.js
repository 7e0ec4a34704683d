/**
 * The call controls — microphone, camera, screen sharing and the invite link
 * (Leave belongs to the session) — and keeping the room told about your
 * microphone and camera: a mute acts on the local track at once and is
 * announced with `setMuted`; while the connection is down, announcements wait
 * until the session is resumed.
 * @module controls
 */

import { RpcError } from './conclave-client.js';
import { LocalMedia } from './media.js';
import { inviteUrl } from './join.js';
import { errorText, showError, showNotice } from './status.js';

const KINDS = Object.freeze(['audio', 'video']);

const mutedField = (kind) => (kind === 'audio' ? 'audioMuted' : 'videoMuted');

export class CallControls {
  #ui;
  /** @type {LocalMedia} */
  #media;
  /** @type {import('./mesh.js').MeshManager} */
  #mesh;
  #roomId;
  #setMuted;
  #onSelfChange;
  /** @type {AbortSignal} */
  #signal;
  #canPublish = false;
  #online = true;
  /** Mute changes the room has not heard of: made, or lost, while the connection was down. */
  #unannounced = new Set();

  /**
   * @param {object} options
   * @param {{toggleAudio: HTMLButtonElement, toggleVideo: HTMLButtonElement, shareScreen: HTMLButtonElement,
   *   copyLink: HTMLButtonElement}} options.ui
   * @param {LocalMedia} options.media
   * @param {import('./mesh.js').MeshManager} options.mesh
   * @param {string} options.roomId
   * @param {(kind: 'audio'|'video', muted: boolean) => Promise<unknown>} options.setMuted
   *   tells the room, through the current client
   * @param {(changes: {audioMuted?: boolean, videoMuted?: boolean}) => void} options.onSelfChange
   *   your own media changed: re-render your tile and roster entry (and the controls)
   * @param {AbortSignal} options.signal aborted when the call ends; removes the listeners
   */
  constructor({ ui, media, mesh, roomId, setMuted, onSelfChange, signal }) {
    this.#ui = ui;
    this.#media = media;
    this.#mesh = mesh;
    this.#roomId = roomId;
    this.#setMuted = setMuted;
    this.#onSelfChange = onSelfChange;
    this.#signal = signal;
    ui.toggleAudio.addEventListener('click', () => this.#toggleAudio(), { signal });
    ui.toggleVideo.addEventListener('click', () => this.#toggleVideo(), { signal });
    ui.shareScreen.addEventListener('click', () => guard(this.#toggleScreenShare()), { signal });
    ui.copyLink.addEventListener('click', () => guard(this.#copyInvite()), { signal });
    media.addEventListener('screenended', () => guard(this.#stopScreenShare()), { signal });
  }

  /** @param {boolean} canPublish whether you have the `publish` grant */
  setCanPublish(canPublish) {
    this.#canPublish = canPublish;
    this.render();
  }

  /**
   * Tells the room about a missing microphone or camera, so tiles show it
   * (not for the audience: nobody shows it).
   * @param {import('./conclave-client.js').ParticipantInfo} self yourself, as the server knows you
   */
  announceMediaState(self) {
    if (!this.#canPublish) return;
    KINDS.forEach((kind) => {
      if (this.#localMuted(kind) !== self[mutedField(kind)]) this.#announce(kind, this.#localMuted(kind));
    });
  }

  /**
   * The signaling connection is down (false) or back (true); while it is
   * down, mute changes wait (see {@link resync}).
   * @param {boolean} online
   */
  setOnline(online) {
    this.#online = online;
  }

  /**
   * After a resume: tells the room about mute changes it has not heard of,
   * and takes on those made to us meanwhile (by a moderator, through the API).
   * @param {import('./conclave-client.js').ParticipantInfo} known yourself, as the server knows you now
   */
  resync(known) {
    const unannounced = new Set(this.#unannounced);
    this.#unannounced.clear();
    if (!this.#canPublish) return;
    KINDS.forEach((kind) => {
      const local = this.#localMuted(kind);
      const remote = known[mutedField(kind)];
      if (remote === local) return;
      const track = kind === 'audio' ? this.#media.audioTrack : this.#media.cameraTrack;
      if (unannounced.has(kind) || !track || typeof remote !== 'boolean') this.#announce(kind, local);
      else this.applyServerMute(kind, remote);
    });
  }

  /**
   * A moderator (un)muted us through the API: do it to our own track, and say so.
   * @param {'audio'|'video'} kind
   * @param {boolean} muted
   */
  applyServerMute(kind, muted) {
    if (kind === 'audio') this.#media.setAudioMuted(muted);
    else this.#media.setCameraOff(muted);
    this.#onSelfChange({ [mutedField(kind)]: muted });
    const what = kind === 'audio' ? 'microphone' : 'camera';
    showNotice(muted ? `A moderator turned off your ${what}.` : `A moderator turned your ${what} back on.`);
  }

  /**
   * A microphone or camera went away mid-call: shown, and told to the room,
   * as muted or off (a switch to another device tells it again: {@link announceMediaState}).
   * @param {'audio'|'video'} kind
   */
  deviceLost(kind) {
    this.#announce(kind, true);
    this.render();
  }

  /** Shows the state of the local media on the buttons. */
  render() {
    const { toggleAudio, toggleVideo, shareScreen } = this.#ui;
    const media = this.#media;
    const live = (track) => Boolean(track) && track.readyState === 'live';
    toggleAudio.disabled = !live(media.audioTrack);
    toggleAudio.setAttribute('aria-pressed', String(media.audioMuted));
    toggleVideo.disabled = !live(media.cameraTrack);
    toggleVideo.setAttribute('aria-pressed', String(media.cameraOff));
    shareScreen.disabled = !LocalMedia.canShareScreen || !this.#canPublish;
    shareScreen.setAttribute('aria-pressed', String(media.sharingScreen));
  }

  #localMuted(kind) {
    return kind === 'audio' ? this.#media.audioMuted : this.#media.cameraOff;
  }

  /** Shows a mute change of ours and tells the room — or, while offline, once resumed. */
  #announce(kind, muted) {
    this.#onSelfChange({ [mutedField(kind)]: muted });
    if (!this.#online) {
      this.#unannounced.add(kind);
      return;
    }
    this.#setMuted(kind, muted).catch((error) => {
      if (error instanceof RpcError && error.isClientSide) this.#unannounced.add(kind);
      else showError(errorText(error));
    });
  }

  #toggleAudio() {
    const muted = !this.#media.audioMuted;
    this.#media.setAudioMuted(muted);
    this.#announce('audio', muted);
  }

  #toggleVideo() {
    const off = !this.#media.cameraOff;
    this.#media.setCameraOff(off);
    this.#announce('video', off);
  }

  async #toggleScreenShare() {
    if (this.#media.sharingScreen) {
      await this.#stopScreenShare();
      return;
    }
    let track;
    try {
      track = await this.#media.startScreenShare();
    } catch (error) {
      showNotice(`Screen sharing could not start: ${errorText(error)}`);
      return;
    }
    if (!track) return; // the user cancelled the picker
    if (this.#signal.aborted) {
      this.#media.stop();
      return;
    }
    this.#onSelfChange({});
    await this.#mesh.replaceVideoTrack(track, { screen: true });
  }

  async #stopScreenShare() {
    if (!this.#media.sharingScreen) return;
    this.#media.stopScreenShare();
    this.#onSelfChange({});
    await this.#mesh.replaceVideoTrack(this.#media.cameraTrack, { screen: false });
  }

  async #copyInvite() {
    const link = inviteUrl(this.#roomId);
    try {
      await navigator.clipboard.writeText(link);
      showNotice('Invite link copied to the clipboard.');
    } catch {
      showNotice(`Copying is not available here. Share this link: ${link}`, { sticky: true });
    }
  }
}

/** Reports a rejection nobody else handles. */
function guard(promise) {
  promise.catch((error) => showError(errorText(error)));
}
