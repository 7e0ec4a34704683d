/**
 * One attempt to be in a call: local media, join token, signaling socket,
 * mesh, and the in-call view (`#call`) while it lasts.
 *
 * A session is used once: `start()` joins, and the session ends exactly once
 * (left, closed by the server, or failed to join), dispatching `ended` with
 * `{state, reason, error}` — the connection state to show, its reason, and an
 * error message for the banner when there is one.
 * @module call-session
 */

import { ConclaveClient, RpcError } from './conclave-client.js';
import { MeshManager } from './mesh.js';
import { LocalMedia } from './media.js';
import { inviteUrl, requestGuestToken, signalingUrl } from './join.js';
import { byId } from './dom.js';
import { clearTiles, removeTile, renderTile, resumePlayback, setTileIceState } from './tiles.js';
import { renderRoster } from './roster.js';
import { appendChatMessage, clearChat } from './chat.js';
import { localTileView, remoteTileView, rosterEntry } from './views.js';
import { describeClose, setConnectionState, showError, showNotice, clearNotice } from './status.js';

/** How long Leave waits for the server to confirm `leaveRoom`. */
const LEAVE_GRACE_MS = 2000;

const delay = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const errorText = (error) => (error instanceof Error && error.message) || 'Something went wrong.';

function callElements() {
  const ids = ['tiles', 'participants', 'participant-count', 'chat-log', 'chat-form', 'chat-input', 'chat-send',
    'toggle-audio', 'toggle-video', 'share-screen', 'leave-button', 'copy-link'];
  return Object.fromEntries(ids.map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), byId(id)]));
}

export class CallSession extends EventTarget {
  #ui = callElements();
  #client = new ConclaveClient();
  #mesh = new MeshManager(this.#client);
  #media = new LocalMedia(null);
  /** Removes every listener this session added to the page. */
  #listeners = new AbortController();
  #roomId;
  #displayName;
  #token;
  /** @type {import('./conclave-client.js').ParticipantInfo | null} */
  #self = null;
  #grants = new Set();
  /** Everyone in the room, yourself first, in joining order. */
  #participants = new Map();
  /** Per remote participant: `{stream, iceState, screen}`. */
  #remote = new Map();
  #opened = false;
  #joined = false;
  #leaving = false;
  #ended = false;
  #playbackBlocked = false;

  /**
   * @param {object} options
   * @param {string} options.roomId
   * @param {string} options.displayName used for the guest token
   * @param {string | null} [options.token] a join token to use instead of asking for a guest token
   */
  constructor({ roomId, displayName, token = null }) {
    super();
    this.#roomId = roomId;
    this.#displayName = displayName;
    this.#token = token;
    this.#bindClient();
    this.#bindMesh();
  }

  get client() { return this.#client; }

  get mesh() { return this.#mesh; }

  get roomId() { return this.#roomId; }

  /**
   * Acquires media, gets a token, connects and joins. Never rejects: failures
   * end the session (see the `ended` event).
   * @returns {Promise<boolean>} whether the call was joined
   */
  async start() {
    try {
      const { media, notice } = await LocalMedia.acquire();
      this.#media = media;
      if (this.#ended) return this.#discardMedia();
      if (notice) showNotice(notice, { sticky: true });
      const token = this.#token ?? (await requestGuestToken(this.#roomId, this.#displayName)).token;
      if (this.#ended) return false;
      await this.#client.connect(signalingUrl());
      const result = await this.#client.joinRoom(this.#roomId, token);
      if (this.#ended) return false;
      this.#enter(result);
      return true;
    } catch (error) {
      const message = errorText(error);
      this.#end({ state: this.#opened ? 'disconnected' : 'idle', reason: message, error: message });
      return false;
    }
  }

  /** Leaves politely: `leaveRoom`, then closes the socket. */
  async leave() {
    if (this.#ended || this.#leaving) return;
    this.#leaving = true;
    if (this.#joined) {
      const left = this.#client.leaveRoom().catch(() => {});
      await Promise.race([left, delay(LEAVE_GRACE_MS)]);
    }
    this.#end({ state: 'idle' });
  }

  /** Leaves without waiting (the page is going away). */
  abandon() {
    if (this.#ended) return;
    if (this.#joined) this.#client.notify('leaveRoom');
    this.#end({ state: 'idle' });
  }

  #discardMedia() {
    this.#media.stop();
    return false;
  }

  #bindClient() {
    const client = this.#client;
    client.on('open', () => { this.#opened = true; });
    client.on('close', (detail) => this.#onClose(detail));
    client.on('rpcerror', (error) => showError(error.message));
    client.on('participantJoined', ({ participant }) => this.#onParticipantJoined(participant));
    client.on('participantLeft', ({ participantId }) => this.#onParticipantLeft(participantId));
    client.on('message', (message) => this.#onMessage(message));
    client.on('muted', (change) => this.#onMuted(change));
    client.on('roomClosed', () => showNotice('The organiser closed this meeting.', { sticky: true }));
    client.on('removed', () => showNotice('You were removed from this meeting.', { sticky: true }));
  }

  #bindMesh() {
    const mesh = this.#mesh;
    mesh.addEventListener('track', ({ detail }) => this.#onRemoteTrack(detail));
    mesh.addEventListener('peerstate', ({ detail }) => this.#onPeerState(detail));
    mesh.addEventListener('screen', ({ detail }) => this.#onRemoteScreen(detail));
    mesh.addEventListener('peerremoved', ({ detail }) => this.#remote.delete(detail.participantId));
    mesh.addEventListener('error', ({ detail }) => this.#onMeshError(detail));
  }

  #bindControls() {
    const { signal } = this.#listeners;
    const ui = this.#ui;
    ui.toggleAudio.addEventListener('click', () => this.#toggleAudio(), { signal });
    ui.toggleVideo.addEventListener('click', () => this.#toggleVideo(), { signal });
    ui.shareScreen.addEventListener('click', () => this.#guard(this.#toggleScreenShare()), { signal });
    ui.leaveButton.addEventListener('click', () => this.#guard(this.leave()), { signal });
    ui.copyLink.addEventListener('click', () => this.#guard(this.#copyInvite()), { signal });
    ui.chatForm.addEventListener('submit', (event) => this.#guard(this.#sendChat(event)), { signal });
    this.#media.addEventListener('screenended', () => this.#guard(this.#stopScreenShare()), { signal });
  }

  #enter(result) {
    this.#joined = true;
    this.#self = { ...result.participant };
    this.#grants = new Set(result.grants ?? []);
    this.#participants.set(this.#self.id, this.#self);
    (result.participants ?? []).forEach((info) => this.#participants.set(info.id, { ...info }));
    this.#applyGrants();
    clearChat(this.#ui.chatLog);
    this.#mesh.start(result, { localStream: this.#media.stream });
    document.body.dataset.participantId = this.#self.id;
    this.#bindControls();
    this.#announceMediaState();
    this.#participants.forEach((_, id) => this.#renderParticipant(id));
    this.#renderRoster();
    this.#renderControls();
    setConnectionState('connected');
  }

  #applyGrants() {
    if (!this.#grants.has('publish') && this.#media.stream) {
      this.#media.stop();
      showNotice('You joined as a viewer: your camera and microphone are not shared.', { sticky: true });
    }
    const canChat = this.#grants.has('chat');
    this.#ui.chatInput.disabled = !canChat;
    this.#ui.chatSend.disabled = !canChat;
    this.#ui.chatInput.placeholder = canChat ? 'Message everyone' : 'Chat is not available to you';
  }

  /** Tells the room about missing microphone or camera, so tiles show it. */
  #announceMediaState() {
    if (this.#media.audioMuted !== this.#self.audioMuted) this.#announceMuted('audio', this.#media.audioMuted);
    if (this.#media.cameraOff !== this.#self.videoMuted) this.#announceMuted('video', this.#media.cameraOff);
  }

  #end({ state, reason = '', error = null }) {
    if (this.#ended) return;
    this.#ended = true;
    this.#listeners.abort();
    this.#mesh.close();
    this.#media.stop();
    this.#client.close(1000, 'leaving');
    clearTiles(this.#ui.tiles);
    renderRoster(this.#ui.participants, this.#ui.participantCount, []);
    clearChat(this.#ui.chatLog);
    delete document.body.dataset.participantId;
    if (this.#playbackBlocked) clearNotice();
    this.dispatchEvent(new CustomEvent('ended', { detail: { state, reason, error } }));
  }

  #onClose(detail) {
    if (detail.byClient || this.#ended) return;
    const reason = describeClose(detail);
    const error = this.#joined ? `Disconnected: ${reason}.` : `Could not join: ${reason}.`;
    this.#end({ state: 'disconnected', reason, error });
  }

  #onParticipantJoined(participant) {
    if (!this.#joined) return;
    this.#participants.set(participant.id, { ...participant });
    this.#renderParticipant(participant.id);
    this.#renderRoster();
  }

  #onParticipantLeft(participantId) {
    if (!this.#participants.delete(participantId)) return;
    removeTile(this.#ui.tiles, participantId);
    this.#renderRoster();
  }

  #onMessage({ id, from, system, text, sentAt }) {
    if (system || !from) {
      appendChatMessage(this.#ui.chatLog, { id, from: 'system', name: 'Conclave', text, sentAt, own: false, system: true });
      return;
    }
    appendChatMessage(this.#ui.chatLog, { id, from: from.participantId, name: from.name, text, sentAt, own: false });
  }

  #onMuted({ participantId, kind, muted, byServer }) {
    if (byServer && participantId === this.#self?.id) {
      this.#applyServerMute(kind, muted);
      return;
    }
    const info = this.#participants.get(participantId);
    if (!info) return;
    if (kind === 'audio') info.audioMuted = muted;
    else if (kind === 'video') info.videoMuted = muted;
    this.#renderParticipant(participantId);
    this.#renderRoster();
  }

  #remoteState(id) {
    if (!this.#remote.has(id)) this.#remote.set(id, { stream: null, iceState: 'new', screen: false });
    return this.#remote.get(id);
  }

  #onRemoteTrack({ participantId, stream, track }) {
    this.#remoteState(participantId).stream = stream;
    const rerender = () => this.#renderParticipant(participantId);
    track.addEventListener('ended', rerender, { signal: this.#listeners.signal });
    rerender();
  }

  #onPeerState({ participantId, iceConnectionState }) {
    this.#remoteState(participantId).iceState = iceConnectionState;
    setTileIceState(this.#ui.tiles, participantId, iceConnectionState);
  }

  #onRemoteScreen({ participantId, active }) {
    this.#remoteState(participantId).screen = active;
    this.#renderParticipant(participantId);
    this.#renderRoster();
  }

  #onMeshError({ participantId, error }) {
    if (error instanceof RpcError) showError(error.message);
    else console.warn(`[conclave] connection to ${participantId}:`, error);
  }

  /** A moderator (un)muted us through the API: do it to our own tracks, and say so. */
  #applyServerMute(kind, muted) {
    if (kind === 'audio') this.#media.setAudioMuted(muted);
    else this.#media.setCameraOff(muted);
    this.#self[kind === 'audio' ? 'audioMuted' : 'videoMuted'] = muted;
    this.#refreshSelf();
    const what = kind === 'audio' ? 'microphone' : 'camera';
    showNotice(muted ? `A moderator turned off your ${what}.` : `A moderator turned your ${what} back on.`);
  }

  #toggleAudio() {
    const muted = !this.#media.audioMuted;
    this.#media.setAudioMuted(muted);
    this.#announceMuted('audio', muted);
  }

  #toggleVideo() {
    const off = !this.#media.cameraOff;
    this.#media.setCameraOff(off);
    this.#announceMuted('video', off);
  }

  #announceMuted(kind, muted) {
    this.#self[kind === 'audio' ? 'audioMuted' : 'videoMuted'] = muted;
    this.#client.setMuted(kind, muted).catch((error) => showError(errorText(error)));
    this.#refreshSelf();
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
    if (this.#ended) {
      this.#media.stop();
      return;
    }
    this.#refreshSelf();
    await this.#mesh.replaceVideoTrack(track, { screen: true });
  }

  async #stopScreenShare() {
    if (!this.#media.sharingScreen) return;
    this.#media.stopScreenShare();
    this.#refreshSelf();
    await this.#mesh.replaceVideoTrack(this.#media.cameraTrack, { screen: false });
  }

  async #sendChat(event) {
    event.preventDefault();
    const { chatInput, chatSend, chatLog } = this.#ui;
    const text = chatInput.value.trim();
    if (!text || chatSend.disabled) return;
    chatSend.disabled = true;
    try {
      const { messageId, sentAt } = await this.#client.sendMessage(text);
      const self = this.#self;
      appendChatMessage(chatLog, { id: messageId, from: self.id, name: self.name, text, sentAt, own: true });
      if (chatInput.value.trim() === text) chatInput.value = '';
    } catch (error) {
      showError(errorText(error));
    } finally {
      chatSend.disabled = !this.#grants.has('chat');
    }
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

  #onPlaybackBlocked() {
    if (this.#playbackBlocked) return;
    this.#playbackBlocked = true;
    showNotice('Your browser paused the call audio. Click anywhere on the page to start it.', { sticky: true });
    document.addEventListener('click', () => {
      this.#playbackBlocked = false;
      resumePlayback(this.#ui.tiles);
      clearNotice();
    }, { once: true, signal: this.#listeners.signal });
  }

  #refreshSelf() {
    this.#renderParticipant(this.#self.id);
    this.#renderRoster();
    this.#renderControls();
  }

  #renderParticipant(id) {
    if (!this.#participants.has(id)) return;
    renderTile(this.#ui.tiles, this.#tileView(id), () => this.#onPlaybackBlocked());
  }

  #tileView(id) {
    const info = this.#participants.get(id);
    return id === this.#self.id ? localTileView(info, this.#media) : remoteTileView(info, this.#remoteState(id));
  }

  #renderRoster() {
    const entries = [...this.#participants.values()].map((info) => {
      const self = info.id === this.#self.id;
      const screen = self ? this.#media.sharingScreen : Boolean(this.#remote.get(info.id)?.screen);
      return rosterEntry(info, { self, screen });
    });
    renderRoster(this.#ui.participants, this.#ui.participantCount, entries);
  }

  #renderControls() {
    const { toggleAudio, toggleVideo, shareScreen } = this.#ui;
    const media = this.#media;
    toggleAudio.disabled = !media.audioTrack;
    toggleAudio.setAttribute('aria-pressed', String(media.audioMuted));
    toggleVideo.disabled = !media.cameraTrack;
    toggleVideo.setAttribute('aria-pressed', String(media.cameraOff));
    shareScreen.disabled = !LocalMedia.canShareScreen || !this.#grants.has('publish');
    shareScreen.setAttribute('aria-pressed', String(media.sharingScreen));
  }

  /** Reports a rejection nobody else handles. */
  #guard(promise) {
    promise.catch((error) => showError(errorText(error)));
  }
}
