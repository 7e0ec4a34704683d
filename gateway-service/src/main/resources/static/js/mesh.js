/**
 * Mesh call manager: one RTCPeerConnection per remote participant, negotiated
 * with the "perfect negotiation" pattern over the Conclave `relay` method
 * (docs/protocol.md, "Making a mesh call").
 *
 * @example
 * const mesh = new MeshManager(client);          // before joinRoom: relays are queued
 * mesh.addEventListener('track', (e) => show(e.detail.participantId, e.detail.stream));
 * const joined = await client.joinRoom(roomId, token);
 * mesh.start(joined, { localStream });
 * await mesh.replaceVideoTrack(screenTrack, { screen: true });
 * // the socket dropped: hold relays, keep the peer connections
 * mesh.suspend();
 * const { client: resumed } = await resumeSession({ … });
 * mesh.useClient(resumed);                       // relays go through the new client
 *
 * @module mesh
 */

import { ClientErrorCode, ErrorCode } from './conclave-client.js';
import { Peer, candidateInit } from './peer.js';

export { Peer };

/**
 * How long the polite side waits for the impolite side's first offer before
 * offering its own media anyway (see {@link MeshManager#addPeer}).
 */
const POLITE_OFFER_WAIT_MS = 2500;

/** Relays held while suspended, at most; the oldest go first. */
const MAX_HELD_RELAYS = 500;

/** Relay errors that only mean "that peer is gone": not worth reporting. */
const PARTICIPANT_NOT_FOUND = ErrorCode.PARTICIPANT_NOT_FOUND;
const BENIGN_RELAY_ERRORS = new Set([
  PARTICIPANT_NOT_FOUND, // the peer left while we were signaling
  ClientErrorCode.CONNECTION_CLOSED,
  ClientErrorCode.NOT_CONNECTED,
]);

/**
 * Manages the mesh for one room session.
 *
 * Events (`CustomEvent`, detail shown):
 * - `peeradded` `{participantId, polite}`
 * - `peerstate` `{participantId, iceConnectionState, connectionState}` on every change of either
 * - `track` `{participantId, stream, track}` — a remote track arrived; `stream` holds the
 *   latest track of each kind from that participant
 * - `screen` `{participantId, active}` — the remote started/stopped sharing its screen
 * - `peerremoved` `{participantId}`
 * - `error` `{participantId, error}` — a negotiation or relay failure
 *
 * While the signaling connection is down ({@link MeshManager#suspend}), relays
 * are held and the peer connections kept; {@link MeshManager#useClient} then
 * switches to the client that resumed the session and sends what was held.
 */
export class MeshManager extends EventTarget {
  #client;
  /** @type {Map<string, Peer>} */
  #peers = new Map();
  /** An audience member: no peer connections. */
  #audience = false;
  /** @type {Array<() => void>} work received before start() */
  #queue = [];
  /** @type {() => void} stops listening to the client */
  #unsubscribe = () => {};
  /** @type {Array<{peer: Peer, payload: object}>} relays held while suspended */
  #held = [];
  #suspended = false;
  #selfId = null;
  /** @type {RTCIceServer[]} */
  #iceServers = [];
  /** @type {RTCIceTransportPolicy} */
  #iceTransportPolicy = 'all';
  /** @type {MediaStream | null} */
  #localStream = null;
  /** @type {MediaStreamTrack | null} the video track currently sent (camera or screen) */
  #videoTrack = null;
  #screenActive = false;
  #started = false;
  #closed = false;

  /**
   * Subscribes to the client's `participantJoined`, `participantLeft`,
   * `participantResumed` and `relay` notifications at once; anything arriving
   * before {@link start} is queued, so create the manager before calling `joinRoom`.
   * @param {import('./conclave-client.js').ConclaveClient} client
   */
  constructor(client) {
    super();
    this.#listen(client);
  }

  /** Own participant id, once started. */
  get selfId() {
    return this.#selfId;
  }

  /** Whether the screen is being sent instead of the camera. */
  get screenActive() {
    return this.#screenActive;
  }

  /** A snapshot of the peers by participant id. @returns {Map<string, Peer>} */
  get peers() {
    return new Map(this.#peers);
  }

  /** The browsers at the far ends answer to the network alone: a low estimate of what you can send is the network's. */
  get estimatesTheNetwork() {
    return true;
  }

  /** Every open peer connection (to rate the connection's quality). @returns {RTCPeerConnection[]} */
  connections() {
    return [...this.#peers.values()].filter((peer) => !peer.closed).map((peer) => peer.pc);
  }

  /**
   * Starts the mesh with the joinRoom result: connects to everyone already in
   * the room, then handles queued notifications.
   * @param {import('./conclave-client.js').JoinResult} joinResult
   * @param {object} [options]
   * @param {MediaStream | null} [options.localStream] tracks to send to every peer
   * @param {RTCIceTransportPolicy} [options.iceTransportPolicy] 'relay': only through the TURN servers
   * @param {boolean} [options.canPublish] false for an audience member, which has no mesh signaling at all
   *   (the server refuses it): it connects to nobody and watches only in SFU rooms
   */
  start({ participant, participants = [], iceServers = [] },
    { localStream = null, iceTransportPolicy = 'all', canPublish = true } = {}) {
    if (this.#started || this.#closed) throw new Error('MeshManager cannot be started twice');
    this.#started = true;
    this.#audience = !canPublish;
    this.#selfId = participant.id;
    this.#iceServers = iceServers;
    this.#iceTransportPolicy = iceTransportPolicy;
    this.#localStream = localStream;
    this.#videoTrack = localStream?.getVideoTracks()[0] ?? null;
    participants.forEach(({ id }) => this.addPeer(id));
    this.#queue.splice(0).forEach((work) => work());
  }

  /**
   * Holds relays (SDP, ICE candidates) from now on instead of sending them:
   * the signaling connection is down. The peer connections stay as they are.
   */
  suspend() {
    this.#suspended = true;
  }

  /**
   * Switches to another client — the one that resumed the session after the
   * connection dropped: stops listening to the previous client, listens to
   * this one, sends the relays held since {@link suspend}, sends offers that
   * may have been lost again, and restarts ICE where it failed meanwhile.
   * @param {import('./conclave-client.js').ConclaveClient} client
   */
  useClient(client) {
    if (this.#closed) return;
    this.#listen(client);
    this.#suspended = false;
    const held = this.#held.splice(0).filter(({ peer }) => !peer.closed);
    held.forEach(({ peer, payload }) => this.#send(peer, payload));
    const offered = new Set(held.filter(({ payload }) => payload.type === 'offer').map(({ peer }) => peer));
    this.#peers.forEach((peer) => peer.recover({ offerSent: offered.has(peer) }));
  }

  /**
   * Creates the connection to a participant (idempotent).
   *
   * Both sides adding tracks at once would make both offer at once on every
   * join; perfect negotiation resolves that collision, but Chromium can lose
   * ICE candidates in the rollback it implies. So the impolite side adds its
   * tracks at once and offers, and the polite side adds its own when it
   * answers that offer — or after a short wait, for peers that never offer.
   * An audience member is never announced to the room, so it is the one to
   * start: when polite and without media, it still asks to receive once the
   * wait is over.
   * @param {string} participantId a participant the room announced
   * @returns {Peer | null} null before start, after close, or for yourself
   */
  addPeer(participantId) {
    const peer = this.#addPeer(participantId);
    if (peer) peer.listed = true;
    return peer;
  }

  /**
   * Closes the connection to a participant (idempotent).
   * @param {string} participantId
   */
  removePeer(participantId) {
    const peer = this.#peers.get(participantId);
    if (!peer) return;
    this.#peers.delete(participantId);
    peer.close();
    this.#emit('peerremoved', { participantId });
  }

  /**
   * The connection to a participant, for stats and debugging.
   * @param {string} participantId
   * @returns {RTCPeerConnection | null}
   */
  getPeerConnection(participantId) {
    return this.#peers.get(participantId)?.pc ?? null;
  }

  /**
   * WebRTC statistics of the connection to a participant.
   * @param {string} participantId
   * @returns {Promise<RTCStatsReport | null>} null when there is no such peer
   */
  getStats(participantId) {
    return this.#peers.get(participantId)?.pc.getStats() ?? Promise.resolve(null);
  }

  /**
   * Replaces the outgoing video on every peer with RTCRtpSender.replaceTrack
   * (no renegotiation). When `screen` changes, every peer is told with a
   * `{"type":"screen","active":…}` relay. A peer that never had a video sender
   * (you joined without a camera) gets the track with addTrack instead, which
   * renegotiates.
   * @param {MediaStreamTrack | null} track the screen track, the camera track, or null
   * @param {object} [options]
   * @param {boolean} [options.screen] whether `track` is a screen capture
   * @returns {Promise<void>} resolves once every peer has been updated; failures are
   *   reported as `error` events
   */
  async replaceVideoTrack(track, { screen = false } = {}) {
    this.#videoTrack = track;
    const peers = [...this.#peers.values()];
    const outcomes = await Promise.allSettled(peers.map((peer) => this.#applyVideoTrack(peer, track)));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected' && !peers[i].closed) this.#reportError(peers[i], outcome.reason);
    });
    if (screen !== this.#screenActive) {
      this.#screenActive = screen;
      this.#peers.forEach((peer) => this.#send(peer, { type: 'screen', active: screen }));
    }
  }

  /**
   * Sends another microphone track to every peer (the user switched devices),
   * without renegotiating; peers that connect later get it from the stream.
   * @param {MediaStreamTrack} track
   */
  async replaceAudioTrack(track) {
    const senders = [...this.#peers.values()].filter((peer) => !peer.closed)
      .map((peer) => peer.pc.getSenders().find((sender) => sender.track?.kind === 'audio'))
      .filter(Boolean);
    await Promise.allSettled(senders.map((sender) => sender.replaceTrack(track)));
  }

  /** Closes every connection and stops listening to the client. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    this.#queue.length = 0;
    this.#held.length = 0;
    [...this.#peers.keys()].forEach((id) => this.removePeer(id));
  }

  #listen(client) {
    this.#unsubscribe();
    this.#client = client;
    const unsubscribers = [
      client.on('participantJoined', ({ participant }) => this.#run(() => this.addPeer(participant.id))),
      client.on('participantLeft', ({ participantId }) => this.#run(() => this.removePeer(participantId))),
      // What we relayed to it while it was away may be lost.
      client.on('participantResumed', ({ participantId }) => this.#run(() => this.#peers.get(participantId)?.recover())),
      client.on('relay', ({ from, payload }) => this.#run(() => this.#onRelay(from, payload))),
    ];
    this.#unsubscribe = () => unsubscribers.forEach((off) => off());
  }

  #addPeer(participantId) {
    if (!this.#started || this.#closed || this.#audience || participantId === this.#selfId) return null;
    const existing = this.#peers.get(participantId);
    if (existing) return existing;
    const peer = new Peer(participantId, this.#selfId < participantId, this.#createConnection(participantId), {
      send: (payload) => this.#send(peer, payload),
      attachMedia: () => this.#attachLocalMedia(peer),
      report: (error) => this.#reportError(peer, error),
      suspended: () => this.#suspended,
    });
    this.#peers.set(participantId, peer);
    this.#wire(peer);
    this.#emit('peeradded', { participantId, polite: peer.polite });
    if (peer.polite) {
      peer.attachTimer = setTimeout(() => this.#attachLocalMedia(peer, { askToReceive: true }), POLITE_OFFER_WAIT_MS);
    } else {
      this.#attachLocalMedia(peer);
    }
    if (this.#screenActive) this.#send(peer, { type: 'screen', active: true });
    return peer;
  }

  #run(work) {
    if (this.#closed) return;
    if (this.#started) work();
    else this.#queue.push(work);
  }

  #createConnection(participantId) {
    try {
      return new RTCPeerConnection({ iceServers: this.#iceServers, iceTransportPolicy: this.#iceTransportPolicy });
    } catch (error) {
      // A malformed ICE server entry must not prevent calls on a LAN.
      this.#emit('error', { participantId, error });
      return new RTCPeerConnection();
    }
  }

  #wire(peer) {
    const { pc } = peer;
    pc.addEventListener('negotiationneeded', () => peer.negotiate());
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate) this.#send(peer, { type: 'candidate', candidate: candidateInit(candidate) });
    });
    pc.addEventListener('track', ({ track }) => this.#onTrack(peer, track));
    pc.addEventListener('connectionstatechange', () => this.#emitState(peer));
    pc.addEventListener('iceconnectionstatechange', () => {
      this.#emitState(peer);
      if (pc.iceConnectionState === 'failed') peer.restartIce();
    });
  }

  /**
   * Adds the local tracks (once). Without a track of some kind, the impolite
   * side still asks to receive it, so that it always has something to offer
   * and two participants without any media still connect; so does the polite
   * side whose wait for an offer is over (`askToReceive`).
   */
  #attachLocalMedia(peer, { askToReceive = !peer.polite } = {}) {
    if (peer.mediaAttached || peer.closed) return;
    peer.mediaAttached = true;
    clearTimeout(peer.attachTimer);
    const audio = this.#localStream?.getAudioTracks()[0] ?? null;
    if (audio) peer.pc.addTrack(audio, this.#localStream);
    else if (askToReceive) peer.pc.addTransceiver('audio', { direction: 'recvonly' });
    if (this.#videoTrack) peer.videoSender = peer.pc.addTrack(this.#videoTrack, this.#senderStream());
    else if (askToReceive) peer.pc.addTransceiver('video', { direction: 'recvonly' });
  }

  #senderStream() {
    this.#localStream ??= new MediaStream();
    return this.#localStream;
  }

  async #applyVideoTrack(peer, track) {
    if (!peer.mediaAttached) return; // the current track is added when media is attached
    if (peer.videoSender) {
      await peer.videoSender.replaceTrack(track);
    } else if (track) {
      peer.videoSender = peer.pc.addTrack(track, this.#senderStream());
    }
  }

  #onRelay(from, payload) {
    if (typeof payload?.type !== 'string') return;
    // A relay from someone we have not heard of yet (notification order is not
    // guaranteed across participants): connect to them now.
    const peer = this.#peers.get(from) ?? this.#addPeer(from);
    if (!peer) return;
    switch (payload.type) {
      case 'offer':
      case 'answer':
        peer.acceptDescription(payload);
        break;
      case 'candidate':
        peer.addCandidate(payload.candidate);
        break;
      case 'screen':
        peer.screen = payload.active === true;
        this.#emit('screen', { participantId: from, active: peer.screen });
        break;
      default:
        break;
    }
  }

  #onTrack(peer, track) {
    const others = peer.stream.getTracks().filter((t) => t.kind !== track.kind);
    peer.stream = new MediaStream([...others, track]);
    this.#emit('track', { participantId: peer.id, stream: peer.stream, track });
  }

  #emitState(peer) {
    if (peer.closed) return;
    const { iceConnectionState, connectionState } = peer.pc;
    this.#emit('peerstate', { participantId: peer.id, iceConnectionState, connectionState });
  }

  #send(peer, payload) {
    if (this.#suspended) {
      this.#held.push({ peer, payload });
      if (this.#held.length > MAX_HELD_RELAYS) this.#held.shift();
      return;
    }
    this.#client.relay(peer.id, payload).catch((error) => {
      if (peer.closed) return;
      // An audience member that relayed to us and has gone: no one announces it.
      if (error?.code === PARTICIPANT_NOT_FOUND && !peer.listed) this.removePeer(peer.id);
      else if (!BENIGN_RELAY_ERRORS.has(error?.code)) this.#reportError(peer, error);
    });
  }

  #reportError(peer, error) {
    this.#emit('error', { participantId: peer.id, error });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
