/**
 * One attempt to be in a call: local media, join token, signaling socket,
 * mesh, and the in-call view (`#call`) while it lasts.
 *
 * A session is used once: `start()` joins, and the session ends exactly once
 * (left, closed by the server, its place in the room lost, or failed to
 * join), dispatching `ended` with `{state, reason, error}` — the connection
 * state to show, its reason, and an error message for the banner when there
 * is one.
 *
 * When the connection drops during the call, the session keeps the view, the
 * peer connections and the local media, and takes its place back on a new
 * socket with `resumeRoom` (reconnect.js); from then on the session and the
 * mesh use the new client.
 * @module call-session
 */

import { ConclaveClient, ErrorCode, RpcError, hasErrorCode } from './conclave-client.js';
import { MeshManager } from './mesh.js';
import { SfuManager } from './sfu.js';
import { LocalMedia } from './media.js';
import { requestGuestToken, signalingUrl } from './join.js';
import { byId } from './dom.js';
import { appendChatMessage, clearChat, receivedMessage } from './chat.js';
import { bindLowerHandButtons } from './roster.js';
import { bindModeration } from './moderation.js';
import { storedChoice } from './devices.js';
import { Gestures, announce, typing } from './gestures.js';
import { SpeakingDetector } from './speaking.js';
import { QualityMonitor } from './quality.js';
import { bindLayoutControls } from './layout.js';
import { ParticipantsView } from './participants.js';
import { ChatComposer } from './chat-composer.js';
import { CallControls } from './controls.js';
import { CLOSE_SERVER_RESTARTING, resumeSession, shouldResume } from './reconnect.js';
import { describeClose, errorText, setConnectionState, showError, showNotice, clearNotice } from './status.js';

/** How long Leave waits for the server to confirm `leaveRoom`. */
const LEAVE_GRACE_MS = 2000;

const PLACE_LOST = 'Your place in the room was lost; join again.';
const NOT_ALLOWED = 'You are not allowed in this room.';

const delay = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const mutedField = (kind) => (kind === 'audio' ? 'audioMuted' : 'videoMuted');

const TOPOLOGY_LABELS = { MESH: 'Mesh · peer to peer', SFU: 'SFU · media server' };

/** Shows which topology the room uses (null: not in a call). */
function showTopology(topology) {
  const badge = byId('topology');
  badge.hidden = !topology;
  badge.dataset.topology = topology ?? '';
  badge.textContent = topology ? (TOPOLOGY_LABELS[topology] ?? topology) : '';
  badge.title = topology === 'SFU'
    ? 'Everyone sends once to a media server, which forwards to the others'
    : 'Browsers send their media straight to each other';
}

function callElements() {
  const ids = ['tiles', 'participants', 'participant-count', 'audience-count', 'chat-log', 'chat-form', 'chat-input',
    'chat-send', 'chat-error', 'toggle-audio', 'toggle-video', 'share-screen', 'leave-button', 'copy-link',
    'toggle-layout', 'toggle-devices', 'device-panel', 'connection-quality'];
  return Object.fromEntries(ids.map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), byId(id)]));
}

/** What to say when joining failed. */
function joinErrorText(error) {
  return hasErrorCode(error, ErrorCode.BLOCKED) ? NOT_ALLOWED : errorText(error);
}

/** The notice while reconnecting, e.g. "The connection was lost; reconnecting…". */
function reconnectingNotice(reason) {
  const text = reason.endsWith('reconnecting') ? reason : `${reason}; reconnecting`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}…`;
}

/**
 * `M` mutes or unmutes, `V` turns the camera off or on, `L` switches between
 * the grid and the speaker view (`H`, the hand: gestures.js), outside text fields.
 */
function bindShortcuts(ui, signal) {
  const buttons = { m: ui.toggleAudio, v: ui.toggleVideo, l: ui.toggleLayout };
  document.addEventListener('keydown', (event) => {
    const button = buttons[event.key.toLowerCase()];
    if (!button || event.ctrlKey || event.metaKey || event.altKey || typing(event) || button.disabled) return;
    button.click();
  }, { signal });
}

export class CallSession extends EventTarget {
  #ui = callElements();
  #client = new ConclaveClient();
  #mesh = new MeshManager(this.#client);
  #sfu = new SfuManager(this.#client);
  /** The mesh or the SFU manager, whichever the room's topology needs; the mesh until joined. */
  #call = this.#mesh;
  #media = new LocalMedia(null);
  #view = new ParticipantsView(this.#ui);
  /** Removes every listener this session added to the page. */
  #listeners = new AbortController();
  /** Stops listening to the current client. */
  #unbindClient = () => {};
  /** @type {AbortController | null} set while getting a dropped connection back */
  #reconnecting = null;
  /** @type {ChatComposer | null} */
  #chat = null;
  /** @type {CallControls | null} */
  #controls = null;
  /** @type {Gestures | null} */
  #gestures = null;
  /** @type {SpeakingDetector | null} measures your microphone while you may publish */
  #speaking = null;
  /** Rates your connection from the call's statistics. */
  #quality = new QualityMonitor(() => this.#call.connections(), (level, reasons) => this.#onQuality(level, reasons),
    { estimatesTheNetwork: () => this.#call.estimatesTheNetwork });
  #roomId;
  #displayName;
  #token;
  #iceTransportPolicy;
  /** @type {() => Promise<{media: LocalMedia, notice: string | null}>} */
  #acquireMedia;
  /** @type {import('./devices.js').DevicePickers | null} */
  #pickers;
  /** From the last join or resume result. */
  #resumeToken = null;
  #resumeGraceMs = 0;
  #grants = new Set();
  /** @type {RTCIceServer[]} from the last join or resume result */
  #iceServers = [];
  #opened = false;
  #joined = false;
  #leaving = false;
  #ended = false;

  /**
   * @param {object} options
   * @param {string} options.roomId
   * @param {string} options.displayName used for the guest token
   * @param {string | null} [options.token] a join token to use instead of asking for a guest token
   * @param {RTCIceTransportPolicy} [options.iceTransportPolicy] 'relay' to send media only through TURN
   * @param {() => Promise<{media: LocalMedia, notice: string | null}>} [options.acquireMedia] camera and
   *   microphone for the call (the join card's preview); by default asked for here
   * @param {import('./devices.js').DevicePickers | null} [options.pickers] to switch devices during the call
   */
  constructor({
    roomId, displayName, token = null, iceTransportPolicy = 'all',
    acquireMedia = () => LocalMedia.acquire(storedChoice()), pickers = null,
  }) {
    super();
    this.#roomId = roomId;
    this.#displayName = displayName;
    this.#token = token;
    this.#iceTransportPolicy = iceTransportPolicy;
    this.#acquireMedia = acquireMedia;
    this.#pickers = pickers;
    this.#bindClient(this.#client);
    this.#bindMedia(this.#mesh);
    this.#bindMedia(this.#sfu);
  }

  /** The current signaling client: after a resume, the new one. */
  get client() { return this.#client; }

  /** The media of the call: the mesh manager, or the SFU manager in an SFU room. */
  get mesh() { return this.#call; }

  get roomId() { return this.#roomId; }

  /** Your camera and microphone in this call. */
  get media() { return this.#media; }

  /** Whether the connection dropped and the session is getting its place back. */
  get reconnecting() { return this.#reconnecting !== null; }

  /**
   * Acquires media, gets a token, connects and joins. Never rejects: failures
   * end the session (see the `ended` event).
   * @returns {Promise<boolean>} whether the call was joined
   */
  async start() {
    try {
      const { media, notice } = await this.#acquireMedia();
      this.#media = media;
      if (this.#ended) return this.#discardMedia();
      this.#pickers?.use(media, notice);
      if (notice) showNotice(notice, { sticky: true });
      const token = this.#token ?? (await requestGuestToken(this.#roomId, this.#displayName)).token;
      if (this.#ended) return false;
      await this.#client.connect(signalingUrl());
      const result = await this.#client.joinRoom(this.#roomId, token);
      if (this.#ended) return false;
      this.#enter(result);
      return true;
    } catch (error) {
      const message = joinErrorText(error);
      this.#end({ state: this.#opened ? 'disconnected' : 'idle', reason: message, error: message });
      return false;
    }
  }

  /** Leaves politely: `leaveRoom`, then closes the socket. */
  async leave() {
    if (this.#ended || this.#leaving) return;
    this.#leaving = true;
    if (this.#joined && !this.#reconnecting) {
      const left = this.#client.leaveRoom().catch(() => {});
      await Promise.race([left, delay(LEAVE_GRACE_MS)]);
    }
    this.#end({ state: 'idle' });
  }

  /** Leaves without waiting (the page is going away). */
  abandon() {
    if (this.#ended) return;
    if (this.#joined && !this.#reconnecting) this.#client.notify('leaveRoom');
    this.#end({ state: 'idle' });
  }

  #discardMedia() {
    this.#media.stop();
    return false;
  }

  #bindClient(client) {
    const view = this.#view;
    const unsubscribers = [
      client.on('open', () => { this.#opened = true; }),
      client.on('close', (detail) => this.#onClose(client, detail)),
      client.on('rpcerror', (error) => showError(error.message)),
      client.on('participantJoined', ({ participant }) => {
        if (!this.#joined) return;
        view.add(participant);
        announce(`${participant.name} joined`);
      }),
      client.on('participantLeft', ({ participantId }) => {
        const name = view.get(participantId)?.name;
        if (view.remove(participantId) && name) announce(`${name} left`);
      }),
      client.on('handChanged', (change) => this.#gestures?.onHandChanged(change)),
      client.on('reaction', (reaction) => this.#gestures?.onReaction(reaction)),
      client.on('speaking', ({ participantId, speaking }) => view.update(participantId, { speaking })),
      client.on('connectionQuality', ({ participantId, level }) => {
        if (['good', 'fair', 'poor'].includes(level)) view.update(participantId, { quality: level });
      }),
      client.on('participantReconnecting', ({ participantId }) => view.update(participantId, { reconnecting: true })),
      client.on('participantResumed', ({ participantId }) => view.update(participantId, { reconnecting: false })),
      client.on('message', (message) => appendChatMessage(this.#ui.chatLog, receivedMessage(message))),
      client.on('muted', (change) => this.#onMuted(change)),
      client.on('chatMuted', (change) => this.#onChatMuted(change)),
      client.on('reconnect', () => this.#reconnect({ immediate: true, code: CLOSE_SERVER_RESTARTING })),
      client.on('roomClosed', () => showNotice('The organiser closed this meeting.', { sticky: true })),
      client.on('removed', () => showNotice('You were removed from this meeting.', { sticky: true })),
      client.on('renegotiate', ({ topology }) => {
        if (topology === 'SFU') this.#moveToSfu();
        if (topology === 'MESH') this.#moveToMesh();
      }),
    ];
    this.#unbindClient = () => unsubscribers.forEach((off) => off());
  }

  #bindMedia(mesh) {
    const view = this.#view;
    mesh.addEventListener('track', ({ detail }) => this.#onRemoteTrack(detail));
    mesh.addEventListener('peerstate', ({ detail }) => view.setIceState(detail.participantId, detail.iceConnectionState));
    mesh.addEventListener('screen', ({ detail }) => view.setScreen(detail.participantId, detail.active));
    mesh.addEventListener('peerremoved', ({ detail }) => view.forgetMedia(detail.participantId));
    mesh.addEventListener('error', ({ detail }) => this.#onMeshError(detail));
  }

  #enter(result) {
    this.#joined = true;
    this.#iceServers = result.iceServers ?? [];
    const sfu = result.topology === 'SFU';
    this.#call = sfu ? this.#sfu : this.#mesh;
    (sfu ? this.#mesh : this.#sfu).close();
    showTopology(result.topology);
    this.#rememberResume(result);
    this.#grants = new Set(result.grants ?? []);
    const ui = this.#ui;
    const { signal } = this.#listeners;
    this.#chat = new ChatComposer(
      { form: ui.chatForm, input: ui.chatInput, send: ui.chatSend, error: ui.chatError },
      (text) => this.#sendChat(text),
      signal,
    );
    this.#controls = new CallControls({
      ui,
      media: this.#media,
      // Whichever carries the call now (an AUTO room may move from the mesh to the SFU).
      mesh: { replaceVideoTrack: (track, options) => this.#call.replaceVideoTrack(track, options) },
      roomId: this.#roomId,
      setMuted: (kind, muted) => this.#client.setMuted(kind, muted),
      onSelfChange: (changes) => this.#onSelfChange(changes),
      signal,
    });
    this.#gestures = new Gestures({ client: () => this.#client, view: this.#view, signal });
    ui.leaveButton.addEventListener('click', () => this.#guard(this.leave()), { signal });
    bindLowerHandButtons(ui.participants, (id) => this.#gestures.lowerHand(id), signal);
    bindModeration({
      list: ui.participants, client: () => this.#client, online: () => !this.#reconnecting, view: this.#view, signal,
    });
    bindLayoutControls({
      stage: this.#view.stage,
      button: ui.toggleLayout,
      tiles: ui.tiles,
      onPin: (id, pinned) => announce(`${this.#view.get(id)?.name ?? ''} ${pinned ? 'pinned' : 'unpinned'}`),
      signal,
    });
    this.#bindDevices(signal);
    bindShortcuts(ui, signal);
    this.#applyGrants();
    clearChat(ui.chatLog);
    this.#call.start(result, {
      localStream: this.#media.stream,
      iceTransportPolicy: this.#iceTransportPolicy,
      canPublish: this.#grants.has('publish'),
    });
    document.body.dataset.participantId = result.participant.id;
    this.#view.enter(result, { media: this.#media, moderator: this.#grants.has('moderate') });
    this.#chat.setMuted(result.participant.chatMuted === true);
    this.#controls.announceMediaState(result.participant);
    this.#listenToOwnVoice();
    this.#quality.start();
    setConnectionState('connected');
  }

  /**
   * An AUTO room grew past its mesh size and moved to SFU: close the peer
   * connections and send and receive through the media server instead.
   */
  #moveToSfu() {
    if (this.#call !== this.#mesh || !this.#joined || this.#ended) return;
    this.#mesh.close();
    this.#sfu = new SfuManager(this.#client);
    this.#bindMedia(this.#sfu);
    this.#call = this.#sfu;
    this.#sfu.start({ participant: { id: this.#view.selfId }, iceServers: this.#iceServers, publishers: [] }, {
      localStream: this.#media.stream,
      iceTransportPolicy: this.#iceTransportPolicy,
      canPublish: this.#grants.has('publish'),
    });
    showTopology('SFU');
    showNotice('The meeting grew: media now goes through a media server.');
  }

  /**
   * An AUTO room shrank back to a mesh: close the media server connections
   * and connect to each of the others directly instead.
   */
  #moveToMesh() {
    if (this.#call !== this.#sfu || !this.#joined || this.#ended) return;
    this.#sfu.close();
    this.#mesh = new MeshManager(this.#client);
    this.#bindMedia(this.#mesh);
    this.#call = this.#mesh;
    this.#mesh.start({
      participant: { id: this.#view.selfId },
      participants: this.#view.othersIds().map((id) => ({ id })),
      iceServers: this.#iceServers,
    }, {
      localStream: this.#media.stream,
      iceTransportPolicy: this.#iceTransportPolicy,
      canPublish: this.#grants.has('publish'),
    });
    showTopology('MESH');
    showNotice('The meeting got smaller: media now goes directly between you.');
  }

  /**
   * Highlights your own tile while you speak and tells the room each change
   * (never while muted; not for the audience, which has no microphone here).
   */
  #listenToOwnVoice() {
    const track = this.#media.audioTrack;
    if (this.#speaking || !track || !this.#grants.has('publish')) return;
    this.#speaking = new SpeakingDetector(track, () => this.#media.audioMuted, (speaking) => {
      this.#view.update(this.#view.selfId, { speaking });
      if (!this.#reconnecting) this.#client.setSpeaking(speaking).catch(() => {}); // the next change says it again
    });
    this.#speaking.start();
  }

  /** Your connection got better or worse: shown to you with why, and told to the room (not by the audience). */
  #onQuality(level, reasons) {
    const changed = this.#view.self?.quality !== level && !(level === 'good' && !this.#view.self?.quality);
    this.#showOwnQuality(level, reasons);
    if (!changed || this.#reconnecting || !this.#grants.has('publish')) return;
    this.#client.setConnectionQuality(level).catch(() => {}); // the next change says it again
  }

  #showOwnQuality(level, reasons) {
    const badge = this.#ui.connectionQuality;
    badge.dataset.level = level;
    badge.hidden = level === 'good';
    badge.textContent = level === 'good' ? '' : `${level === 'poor' ? 'Poor' : 'Unstable'} connection: ${reasons.join(', ')}`;
    if (this.#view.selfId) this.#view.update(this.#view.selfId, { quality: level });
  }

  #rememberResume({ resumeToken, resumeGraceMs }) {
    if (typeof resumeToken === 'string' && resumeToken) this.#resumeToken = resumeToken;
    if (Number.isFinite(resumeGraceMs) && resumeGraceMs > 0) this.#resumeGraceMs = resumeGraceMs;
  }

  #applyGrants() {
    const canPublish = this.#grants.has('publish');
    if (!canPublish && this.#media.stream) {
      this.#media.stop();
      showNotice('You joined as a viewer: your camera and microphone are not shared.', { sticky: true });
    }
    this.#chat.setAllowed(this.#grants.has('chat'));
    this.#controls.setCanPublish(canPublish);
    this.#gestures.setCanPublish(canPublish);
  }

  #end({ state, reason = '', error = null }) {
    if (this.#ended) return;
    this.#ended = true;
    this.#pickers?.release();
    this.#ui.devicePanel.hidden = true;
    this.#ui.toggleDevices.setAttribute('aria-expanded', 'false');
    this.#speaking?.stop();
    this.#speaking = null;
    this.#quality.stop();
    this.#showOwnQuality('good', []);
    if (this.#reconnecting) {
      this.#reconnecting.abort();
      this.#reconnecting = null;
      clearNotice(); // "…reconnecting…"
    }
    this.#listeners.abort();
    this.#mesh.close();
    this.#sfu.close();
    showTopology(null);
    this.#media.stop();
    this.#client.close(1000, 'leaving');
    this.#view.clear();
    clearChat(this.#ui.chatLog);
    delete document.body.dataset.participantId;
    this.dispatchEvent(new CustomEvent('ended', { detail: { state, reason, error } }));
  }

  #onClose(client, detail) {
    if (detail.byClient || this.#ended || this.#leaving || client !== this.#client || this.#reconnecting) return;
    if (this.#joined && this.#resumeToken && shouldResume(detail)) {
      this.#reconnect({ immediate: detail.code === CLOSE_SERVER_RESTARTING, code: detail.code, reason: detail.reason });
      return;
    }
    const reason = describeClose(detail);
    const error = this.#joined ? `Disconnected: ${reason}.` : `Could not join: ${reason}.`;
    this.#end({ state: 'disconnected', reason, error });
  }

  /**
   * Gets the place in the room back on new sockets (with back-off, for up to
   * the grace period), keeping the view, the peer connections and the local
   * media meanwhile; ends the call when the place is gone.
   * @param {{immediate: boolean, code: number, reason?: string}} why `reconnect` or the close
   */
  async #reconnect({ immediate, code, reason = '' }) {
    if (!this.#joined || !this.#resumeToken || this.#ended || this.#leaving || this.#reconnecting) return;
    const abort = new AbortController();
    this.#reconnecting = abort;
    this.#call.suspend();
    this.#chat.setOnline(false);
    this.#controls.setOnline(false);
    setConnectionState('reconnecting');
    showNotice(reconnectingNotice(describeClose({ code, reason })), { sticky: true });
    let outcome;
    try {
      outcome = await resumeSession({
        url: signalingUrl(),
        roomId: this.#roomId,
        resumeToken: this.#resumeToken,
        graceMs: this.#resumeGraceMs,
        immediate,
        signal: abort.signal,
        onAttempt: (attempt) => setConnectionState('reconnecting', `attempt ${attempt}`),
      });
    } catch (error) {
      if (!abort.signal.aborted) this.#placeLost(error);
      return;
    }
    if (this.#ended) {
      outcome.client.close(1000, 'leaving');
      return;
    }
    // No await from here on: nothing the new client receives after the result goes unheard.
    try {
      this.#adopt(outcome.client, outcome.result);
      this.#reconnecting = null;
    } catch (error) {
      this.#placeLost(error);
    }
  }

  /** The resume failed for good: back to the join form with the reason. */
  #placeLost(error) {
    console.info('[conclave] could not resume the call:', error);
    const message = hasErrorCode(error?.cause, ErrorCode.BLOCKED) ? NOT_ALLOWED : PLACE_LOST;
    this.#end({ state: 'disconnected', reason: 'your place in the room was lost', error: message });
  }

  /** Switches to the client that resumed the session and takes on the room as it is now. */
  #adopt(client, result) {
    this.#unbindClient();
    this.#client = client;
    this.#bindClient(client);
    if (result.participant?.id !== this.#view.selfId) {
      this.#placeLost(new Error(`resumed as ${result.participant?.id}, not ${this.#view.selfId}`));
      return;
    }
    this.#rememberResume(result);
    this.#iceServers = result.iceServers ?? this.#iceServers;
    this.#grants = new Set(result.grants ?? []);
    this.#applyGrants();
    if (result.topology === 'SFU') this.#moveToSfu();
    if (result.topology === 'MESH') this.#moveToMesh();
    const removed = this.#view.reconcile(result, { moderator: this.#grants.has('moderate') });
    removed.forEach((id) => this.#call.removePeer(id));
    (result.participants ?? []).forEach(({ id }) => this.#call.addPeer(id));
    this.#call.useClient(client, result);
    this.#chat.setMuted(result.participant.chatMuted === true);
    this.#chat.setOnline(true);
    this.#controls.setOnline(true);
    this.#controls.resync(result.participant);
    this.#gestures.resync(result.participant);
    setConnectionState('connected');
    showNotice('Reconnected.');
  }

  #onMuted({ participantId, kind, muted, byServer }) {
    if (kind !== 'audio' && kind !== 'video') return;
    if (byServer && participantId === this.#view.selfId) {
      this.#controls?.applyServerMute(kind, muted);
      return;
    }
    this.#view.update(participantId, { [mutedField(kind)]: muted });
  }

  #onChatMuted({ participantId, muted }) {
    this.#view.update(participantId, { chatMuted: muted === true });
    if (participantId !== this.#view.selfId || !this.#chat?.setMuted(muted === true)) return;
    showNotice(muted ? 'A moderator muted your chat.' : 'A moderator allowed you to chat again.');
  }

  /** The device panel, and a device switched or lost during the call. */
  #bindDevices(signal) {
    const { toggleDevices, devicePanel } = this.#ui;
    toggleDevices.hidden = !this.#pickers;
    toggleDevices.addEventListener('click', () => {
      const open = devicePanel.hidden;
      devicePanel.hidden = !open;
      toggleDevices.setAttribute('aria-expanded', String(open));
      if (open) this.#pickers?.refresh();
    }, { signal });
    this.#media.addEventListener('trackchanged', ({ detail: { kind, track } }) => {
      if (kind === 'audio') {
        this.#guard(this.#call.replaceAudioTrack(track));
        this.#speaking?.useTrack(track);
      } else if (!this.#media.sharingScreen) {
        this.#guard(this.#call.replaceVideoTrack(track, { screen: false }));
      }
      this.#onSelfChange({});
      this.#controls.announceMediaState(this.#view.self);
    }, { signal });
    this.#media.addEventListener('deviceended', ({ detail: { kind } }) => {
      const what = kind === 'audio' ? 'microphone' : 'camera';
      showNotice(`Your ${what} was disconnected. Choose another one under Devices.`, { sticky: true });
      this.#controls.deviceLost(kind);
    }, { signal });
  }

  #onRemoteTrack({ participantId, stream, track }) {
    this.#view.setStream(participantId, stream);
    track.addEventListener('ended', () => this.#view.renderTile(participantId), { signal: this.#listeners.signal });
  }

  #onMeshError({ participantId, error }) {
    if (error instanceof RpcError) showError(error.message);
    else console.warn(`[conclave] connection to ${participantId}:`, error);
  }

  async #sendChat(text) {
    const { messageId, sentAt } = await this.#client.sendMessage(text);
    const self = this.#view.self;
    if (this.#ended || !self) return;
    appendChatMessage(this.#ui.chatLog, { id: messageId, from: self.id, name: self.name, text, sentAt, own: true });
  }

  /** Your own media changed (a mute, the screen): re-render your tile, roster entry and the controls. */
  #onSelfChange(changes) {
    this.#view.update(this.#view.selfId, changes);
    this.#controls.render();
  }

  /** Reports a rejection nobody else handles. */
  #guard(promise) {
    promise.catch((error) => showError(errorText(error)));
  }
}
