/**
 * Media in an SFU room: one connection that publishes your camera and
 * microphone to the room's media server, and one connection per other
 * publisher that receives theirs. SDP goes through `publish` / `subscribe`,
 * ICE candidates both ways through `iceCandidate`.
 *
 * The same events and methods as the mesh ({@link MeshManager}), so the call
 * uses either: `track`, `peerstate`, `peerremoved`, `error`.
 *
 * When the room's media server dies or is drained, the server sends
 * `renegotiate` with the worker the room lives on now: every connection made
 * on another worker is closed, you publish again, and you subscribe again to
 * each publisher as it republishes (`streamPublished`) — without leaving the
 * room. Connections are tagged with the worker that answered them, so a
 * subscription made on the new worker before the `renegotiate` arrived stays.
 * @module sfu
 */

import { ErrorCode, hasErrorCode } from './conclave-client.js';

/** How often a new subscription's stats are read until its first video frame is decoded. */
const FIRST_FRAME_POLL_MS = 10;
const FIRST_FRAME_GIVE_UP_MS = 15000;

/** Waits between attempts to publish again while no media server is available. */
const REPUBLISH_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

/** One RTCPeerConnection to the media server, with what it sends or receives. */
class MediaLink {
  /**
   * @param {RTCPeerConnection} pc
   * @param {string | null} publisherId null for your own publisher
   */
  constructor(pc, publisherId) {
    this.pc = pc;
    this.publisherId = publisherId;
    /** The worker that answered; null until it has. */
    this.worker = null;
    /** Local candidates found before the answer: the endpoint does not exist until then. */
    this.localCandidates = [];
    /** The server's candidates that arrived before the answer was applied. */
    this.remoteCandidates = [];
    this.answered = false;
    this.closed = false;
    this.stream = new MediaStream();
  }

  close() {
    this.closed = true;
    this.pc.close();
  }
}

export class SfuManager extends EventTarget {
  #client;
  #unsubscribe = () => {};
  /** @type {Array<() => void>} notifications received before start() */
  #queue = [];
  #started = false;
  #closed = false;
  #suspended = false;
  #selfId = null;
  /** @type {RTCConfiguration} */
  #config = {};
  /** @type {MediaStream | null} */
  #localStream = null;
  /** @type {MediaStreamTrack | null} */
  #videoTrack = null;
  #screenActive = false;
  #canPublish = true;
  /** @type {MediaLink | null} */
  #publisher = null;
  /** @type {Map<string, MediaLink>} by publisher id */
  #subscriptions = new Map();
  /** The worker the room's media lives on, as far as we know. */
  #worker = null;
  #republishAttempt = 0;
  #republishTimer = null;
  /**
   * @type {Array<{publisherId: string, worker: string, offerMs: number, requestMs: number, answerMs: number,
   *   firstFrameMs: number | null}>}
   */
  #timings = [];

  /**
   * Listens to the client's SFU notifications at once; those arriving before
   * {@link start} are queued, so create the manager before `joinRoom`.
   * @param {import('./conclave-client.js').ConclaveClient} client
   */
  constructor(client) {
    super();
    this.#listen(client);
  }

  get selfId() { return this.#selfId; }

  get screenActive() { return this.#screenActive; }

  /** Subscriptions by publisher id (the mesh's peers, for the call's purposes). */
  get peers() { return new Map(this.#subscriptions); }

  /** The worker the room's media lives on, or null before the first answer. */
  get worker() { return this.#worker; }

  /**
   * For each subscription made, milliseconds from starting to create the offer:
   * to the offer set locally (`offerMs`), the `subscribe` round trip itself
   * (`requestMs`), to the answer applied (`answerMs`), and to the first video
   * frame decoded (`firstFrameMs`, null if none came).
   */
  get timings() { return this.#timings.map((timing) => ({ ...timing })); }

  /**
   * Publishes (when allowed and there is media) and subscribes to everyone
   * publishing already.
   * @param {import('./conclave-client.js').JoinResult} result with `publishers`
   * @param {object} options
   * @param {MediaStream | null} [options.localStream]
   * @param {RTCIceTransportPolicy} [options.iceTransportPolicy]
   * @param {boolean} [options.canPublish] the `publish` grant
   */
  start(result, { localStream = null, iceTransportPolicy = 'all', canPublish = true } = {}) {
    if (this.#started || this.#closed) throw new Error('SfuManager cannot be started twice');
    this.#started = true;
    this.#selfId = result.participant.id;
    this.#config = { iceServers: result.iceServers ?? [], iceTransportPolicy };
    this.#localStream = localStream;
    this.#videoTrack = localStream?.getVideoTracks()[0] ?? null;
    this.#canPublish = canPublish;
    this.#publish();
    (result.publishers ?? []).forEach((id) => this.#subscribe(id));
    this.#queue.splice(0).forEach((work) => work());
  }

  /** The signaling connection is down: media keeps flowing; requests wait for {@link useClient}. */
  suspend() {
    this.#suspended = true;
  }

  /**
   * Switches to the client that resumed the session. Media never stopped (the
   * media server holds the endpoints): subscriptions still working are kept as
   * they are; subscribes to publishers missed meanwhile (or whose link failed).
   * @param {import('./conclave-client.js').ConclaveClient} client
   * @param {import('./conclave-client.js').JoinResult} [result] the resume result
   */
  useClient(client, result = null) {
    if (this.#closed) return;
    this.#listen(client);
    this.#suspended = false;
    // Only those missed meanwhile: a subscription still working is kept (no new endpoint, no gap in its video).
    (result?.publishers ?? []).filter((id) => !this.#isWorking(this.#subscriptions.get(id)))
      .forEach((id) => this.#subscribe(id));
    if (this.#canPublish && !this.#publisher) this.#publish();
  }

  /** @param {MediaLink | undefined} link */
  #isWorking(link) {
    return !!link && !link.closed && !['failed', 'closed'].includes(link.pc.connectionState);
  }

  /** Participants come and go with their streams in an SFU room: nothing to do on an announcement. */
  addPeer() {
    return null;
  }

  /** @param {string} participantId a participant that left: its stream goes too */
  removePeer(participantId) {
    this.#dropSubscription(participantId);
  }

  /** @returns {RTCPeerConnection | null} your publisher's for your own id, else the subscription's */
  getPeerConnection(participantId) {
    if (participantId === this.#selfId) return this.#publisher?.pc ?? null;
    return this.#subscriptions.get(participantId)?.pc ?? null;
  }

  getStats(participantId) {
    return this.getPeerConnection(participantId)?.getStats() ?? Promise.resolve(null);
  }

  /**
   * Kurento, not the network, bounds the publisher's estimate of what it can send: its REMB starts each publisher at
   * 300 kbit/s and moves by its own rules, so a low estimate here says nothing of your connection.
   */
  get estimatesTheNetwork() {
    return false;
  }

  /** The publisher's and every subscription's connection (to rate the connection's quality). @returns {RTCPeerConnection[]} */
  connections() {
    return [this.#publisher, ...this.#subscriptions.values()].filter(Boolean).map((link) => link.pc);
  }

  /**
   * Sends another video track (screen or camera) on the publisher, without renegotiating.
   * @param {MediaStreamTrack | null} track
   * @param {{screen?: boolean}} [options]
   */
  async replaceVideoTrack(track, { screen = false } = {}) {
    this.#videoTrack = track;
    this.#screenActive = screen;
    const sender = this.#publisher?.pc.getTransceivers()
      .find((transceiver) => transceiver.receiver.track.kind === 'video')?.sender;
    if (sender) await sender.replaceTrack(track);
  }

  /**
   * Sends another microphone track to the media server (the user switched
   * devices), without renegotiating.
   * @param {MediaStreamTrack} track
   */
  async replaceAudioTrack(track) {
    const sender = this.#publisher?.pc.getTransceivers()
      .find((transceiver) => transceiver.receiver.track.kind === 'audio')?.sender;
    if (sender) await sender.replaceTrack(track);
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#republishTimer);
    this.#unsubscribe();
    this.#queue.length = 0;
    this.#publisher?.close();
    this.#publisher = null;
    [...this.#subscriptions.keys()].forEach((id) => this.#dropSubscription(id));
  }

  #listen(client) {
    this.#unsubscribe();
    this.#client = client;
    const offs = [
      client.on('streamPublished', ({ participantId, workerId }) => this.#run(() => this.#onPublished(participantId, workerId))),
      client.on('streamUnpublished', ({ participantId }) => this.#run(() => this.#dropSubscription(participantId))),
      client.on('participantLeft', ({ participantId }) => this.#run(() => this.#dropSubscription(participantId))),
      client.on('iceCandidate', ({ publisherId, candidate }) => this.#run(() => this.#onServerCandidate(publisherId, candidate))),
      client.on('renegotiate', ({ workerId, reason }) => this.#run(() => this.#renegotiate(workerId, reason))),
    ];
    this.#unsubscribe = () => offs.forEach((off) => off());
  }

  #run(work) {
    if (this.#closed) return;
    if (this.#started) work();
    else this.#queue.push(work);
  }

  #connection(link, participantId) {
    const { pc } = link;
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (!candidate || link.closed) return;
      const init = candidate.toJSON();
      if (link.answered) this.#sendCandidate(link, init);
      else link.localCandidates.push(init);
    });
    const state = () => this.#emit('peerstate', {
      participantId, iceConnectionState: pc.iceConnectionState, connectionState: pc.connectionState,
    });
    pc.addEventListener('iceconnectionstatechange', state);
    pc.addEventListener('connectionstatechange', state);
  }

  #sendCandidate(link, candidate) {
    const params = { candidate };
    if (link.publisherId) params.publisherId = link.publisherId;
    this.#client.request('iceCandidate', params).catch((error) => {
      if (!link.closed && !hasErrorCode(error, ErrorCode.UNKNOWN_ENDPOINT)) this.#reportError(link, error);
    });
  }

  async #applyAnswer(link, sdpAnswer, workerId) {
    await link.pc.setRemoteDescription({ type: 'answer', sdp: sdpAnswer });
    link.worker = workerId;
    link.answered = true;
    this.#worker = workerId;
    link.localCandidates.splice(0).forEach((candidate) => this.#sendCandidate(link, candidate));
    const early = link.remoteCandidates.splice(0);
    await Promise.all(early.map((candidate) => link.pc.addIceCandidate(candidate)));
  }

  async #publish() {
    if (!this.#canPublish || !this.#localStream || this.#closed || this.#publisher) return;
    const link = new MediaLink(new RTCPeerConnection(this.#config), null);
    this.#publisher = link;
    this.#connection(link, this.#selfId);
    const audio = this.#localStream.getAudioTracks()[0];
    if (audio) link.pc.addTransceiver(audio, { direction: 'sendonly', streams: [this.#localStream] });
    link.pc.addTransceiver(this.#videoTrack ?? 'video', { direction: 'sendonly', streams: [this.#localStream] });
    try {
      const offer = await link.pc.createOffer();
      await link.pc.setLocalDescription(offer);
      const { sdpAnswer, workerId } = await this.#client.request('publish', { sdpOffer: offer.sdp });
      if (link.closed) return;
      await this.#applyAnswer(link, sdpAnswer, workerId);
      this.#republishAttempt = 0;
    } catch (error) {
      if (link.closed) return;
      link.close();
      if (this.#publisher === link) this.#publisher = null;
      if (hasErrorCode(error, ErrorCode.SFU_UNAVAILABLE)) this.#republishLater();
      else this.#reportError(link, error);
    }
  }

  /** No media server now: try again with back-off (the room may be moving to another). */
  #republishLater() {
    const wait = REPUBLISH_DELAYS_MS[Math.min(this.#republishAttempt, REPUBLISH_DELAYS_MS.length - 1)];
    this.#republishAttempt += 1;
    clearTimeout(this.#republishTimer);
    this.#republishTimer = setTimeout(() => this.#publish(), wait);
  }

  #onPublished(participantId, workerId) {
    const existing = this.#subscriptions.get(participantId);
    if (existing && existing.worker === workerId) return;
    this.#subscribe(participantId);
  }

  async #subscribe(publisherId) {
    if (this.#closed || publisherId === this.#selfId) return;
    this.#dropSubscription(publisherId, { quiet: true });
    const link = new MediaLink(new RTCPeerConnection(this.#config), publisherId);
    this.#subscriptions.set(publisherId, link);
    this.#connection(link, publisherId);
    link.pc.addTransceiver('audio', { direction: 'recvonly' });
    link.pc.addTransceiver('video', { direction: 'recvonly' });
    link.pc.addEventListener('track', ({ track }) => {
      link.stream.getTracks().filter((old) => old.kind === track.kind).forEach((old) => link.stream.removeTrack(old));
      link.stream.addTrack(track);
      this.#emit('track', { participantId: publisherId, stream: link.stream, track });
    });
    try {
      const started = performance.now();
      const offer = await link.pc.createOffer();
      await link.pc.setLocalDescription(offer);
      const offered = performance.now();
      const { sdpAnswer, workerId } = await this.#client.request('subscribe', { publisherId, sdpOffer: offer.sdp });
      const answered = performance.now();
      if (link.closed) return;
      await this.#applyAnswer(link, sdpAnswer, workerId);
      this.#timeFirstFrame(link, started, {
        offerMs: offered - started, requestMs: answered - offered, answerMs: performance.now() - started,
      });
    } catch (error) {
      if (link.closed) return;
      this.#dropSubscription(publisherId, { quiet: true });
      // Not publishing (any more, or not yet again after a move): its streamPublished brings it back.
      if (!hasErrorCode(error, ErrorCode.NOT_PUBLISHING)) this.#reportError(link, error);
    }
  }

  async #timeFirstFrame(link, started, phases) {
    const timing = { publisherId: link.publisherId, worker: link.worker, ...phases, firstFrameMs: null };
    this.#timings.push(timing);
    while (!link.closed && performance.now() - started < FIRST_FRAME_GIVE_UP_MS) {
      const stats = await link.pc.getStats();
      let decoded = 0;
      stats.forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') decoded = report.framesDecoded ?? 0;
      });
      if (decoded > 0) {
        timing.firstFrameMs = performance.now() - started;
        return;
      }
      await new Promise((resolve) => { setTimeout(resolve, FIRST_FRAME_POLL_MS); });
    }
  }

  #dropSubscription(publisherId, { quiet = false } = {}) {
    const link = this.#subscriptions.get(publisherId);
    if (!link) return;
    this.#subscriptions.delete(publisherId);
    link.close();
    if (!quiet) this.#emit('peerremoved', { participantId: publisherId });
  }

  async #onServerCandidate(publisherId, candidate) {
    const link = publisherId ? this.#subscriptions.get(publisherId) : this.#publisher;
    if (!link || link.closed) return;
    if (!link.answered) {
      link.remoteCandidates.push(candidate);
      return;
    }
    try {
      await link.pc.addIceCandidate(candidate);
    } catch (error) {
      if (!link.closed) this.#reportError(link, error);
    }
  }

  /**
   * The room's media moved to `workerId`: what lives elsewhere is gone. Publish
   * again; subscriptions come back as publishers republish.
   */
  #renegotiate(workerId, reason) {
    console.info(`[conclave] media moved to ${workerId || '(no server yet)'} (${reason}); renegotiating`);
    this.#worker = workerId || null;
    if (this.#publisher && this.#publisher.worker !== workerId) {
      this.#publisher.close();
      this.#publisher = null;
    }
    [...this.#subscriptions.values()]
      .filter((link) => link.answered && link.worker !== workerId)
      .forEach((link) => { this.#subscriptions.delete(link.publisherId); link.close(); });
    this.#republishAttempt = 0;
    if (!this.#publisher) this.#publish();
  }

  #reportError(link, error) {
    this.#emit('error', { participantId: link.publisherId ?? this.#selfId, error });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
