/**
 * One connection of the mesh: an RTCPeerConnection to one remote participant
 * and this side of the "perfect negotiation" pattern (docs/protocol.md,
 * "Making a mesh call", steps 2–4 and 6). The mesh manager (mesh.js) creates
 * peers, routes relays to them and gives them a way to send.
 * @module peer
 */

/** How long the polite side leaves an ICE restart to the impolite side. */
const POLITE_RESTART_DELAY_MS = 3000;

/**
 * An offer still unanswered after this long is sent again (a relay can be
 * lost while a connection drops), at most {@link MAX_OFFER_RESENDS} times.
 */
const OFFER_RESEND_MS = 5000;
const MAX_OFFER_RESENDS = 3;

/**
 * What a peer needs from the mesh manager.
 * @typedef {object} PeerHooks
 * @property {(payload: object) => void} send relays a payload to the remote participant
 * @property {() => void} attachMedia adds the local tracks (when answering an offer)
 * @property {(error: unknown) => void} report reports a negotiation failure
 * @property {() => boolean} suspended whether signaling is down (relays are held meanwhile)
 */

/**
 * Signaling state of one remote participant.
 * Read-only for users of the manager; exposed for debugging (`peer.pc.getStats()`).
 */
export class Peer {
  /** @type {PeerHooks} */
  #hooks;

  /**
   * @param {string} id remote participant id
   * @param {boolean} polite whether this side yields on offer collisions
   * @param {RTCPeerConnection} pc
   * @param {PeerHooks} hooks
   */
  constructor(id, polite, pc, hooks) {
    /** @readonly */ this.id = id;
    /** @readonly */ this.polite = polite;
    /** @readonly */ this.pc = pc;
    this.#hooks = hooks;
    /** Remote media; a new MediaStream each time a track arrives. @type {MediaStream} */
    this.stream = new MediaStream();
    /** Whether the remote side currently sends its screen instead of its camera. */
    this.screen = false;
    /** @type {RTCRtpSender | null} */
    this.videoSender = null;
    /** Whether local tracks were added to the connection. */
    this.mediaAttached = false;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.attachTimer = null;
    /** @type {ReturnType<typeof setTimeout> | null} sends an unanswered offer again */
    this.offerTimer = null;
    /**
     * Whether the room announced this participant (joinRoom's or resumeRoom's
     * list, participantJoined) rather than it only relaying to us — as
     * audience members, who are never announced, do.
     */
    this.listed = false;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.isSettingRemoteAnswerPending = false;
    this.closed = false;
  }

  /** Makes and sends an offer (on `negotiationneeded`). */
  async negotiate() {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } catch (error) {
      this.#hooks.report(error);
    } finally {
      this.makingOffer = false;
    }
  }

  /** Sends the local description; an offer is sent again while it stays unanswered. */
  sendLocalDescription() {
    const { type, sdp } = this.pc.localDescription;
    this.#hooks.send({ type, sdp });
    if (type === 'offer') this.#resendUnanswered(MAX_OFFER_RESENDS);
  }

  /** Whether an offer of ours waits for its answer. */
  get offerPending() {
    return this.pc.signalingState === 'have-local-offer';
  }

  /**
   * Applies a remote offer or answer; answers an offer. On a collision the
   * polite side rolls its own offer back, the impolite one ignores the other's.
   * @param {{type: 'offer'|'answer', sdp: string}} description
   */
  async acceptDescription({ type, sdp }) {
    const { pc } = this;
    // A second answer to an offer that was sent twice (see #resendUnanswered).
    if (type === 'answer' && pc.signalingState === 'stable' && !this.isSettingRemoteAnswerPending) return;
    try {
      const readyForOffer = !this.makingOffer
        && (pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
      const offerCollision = type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && offerCollision;
      if (this.ignoreOffer) return;
      this.isSettingRemoteAnswerPending = type === 'answer';
      await pc.setRemoteDescription({ type, sdp }); // rolls back our own offer if needed
      this.isSettingRemoteAnswerPending = false;
      if (type === 'offer') {
        // Added here, local tracks reuse the transceivers the offer created.
        this.#hooks.attachMedia();
        await pc.setLocalDescription();
        this.sendLocalDescription();
      }
    } catch (error) {
      this.isSettingRemoteAnswerPending = false;
      if (!this.closed) this.#hooks.report(error);
    }
  }

  /**
   * Adds a remote ICE candidate.
   * @param {RTCIceCandidateInit} candidate
   */
  async addCandidate(candidate) {
    if (typeof candidate?.candidate !== 'string') return;
    // Read before awaiting: the answer that follows an ignored offer resets it.
    const ignoringOffer = this.ignoreOffer;
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we ignored are expected to fail; so may an
      // end-of-candidates marker on browsers that do not support it, and
      // candidates of an offer lost while the connection was down.
      const expected = ignoringOffer || this.ignoreOffer || this.closed || candidate.candidate === ''
        || this.pc.remoteDescription === null;
      if (!expected) this.#hooks.report(error);
    }
  }

  /**
   * Restarts ICE after a failure. The impolite side goes first, so that both
   * sides do not offer at once; the polite side steps in if nothing happened.
   */
  restartIce() {
    if (!this.polite) {
      this.pc.restartIce();
      return;
    }
    setTimeout(() => {
      if (!this.closed && this.pc.iceConnectionState === 'failed') this.pc.restartIce();
    }, POLITE_RESTART_DELAY_MS);
  }

  /**
   * Signaling was down, ours or theirs, and relays may have been lost: sends
   * a pending offer again, and restarts ICE if it failed meanwhile.
   * @param {object} [options]
   * @param {boolean} [options.offerSent] the pending offer was just sent (it had been held)
   */
  recover({ offerSent = false } = {}) {
    if (this.closed) return;
    if (this.offerPending && !offerSent) this.sendLocalDescription();
    if (this.pc.iceConnectionState === 'failed') this.restartIce();
  }

  /** Stops the timers and closes the connection (idempotent). */
  close() {
    this.closed = true;
    clearTimeout(this.attachTimer);
    clearTimeout(this.offerTimer);
    this.pc.close();
  }

  /**
   * Sends our offer again while it stays unanswered (not while suspended: it
   * is held then). A newer offer replaces the timer; the description sent is
   * the current one, with the candidates gathered so far.
   */
  #resendUnanswered(resends) {
    clearTimeout(this.offerTimer);
    this.offerTimer = setTimeout(() => {
      if (this.closed || !this.offerPending) return;
      if (this.#hooks.suspended()) {
        this.#resendUnanswered(resends);
      } else if (resends > 0) {
        this.#hooks.send({ type: 'offer', sdp: this.pc.localDescription.sdp });
        this.#resendUnanswered(resends - 1);
      }
    }, OFFER_RESEND_MS);
  }
}

/**
 * Copies an ICE candidate into the relay shape, leaving out null fields.
 * @param {RTCIceCandidate} candidate
 * @returns {RTCIceCandidateInit}
 */
export function candidateInit(candidate) {
  const { candidate: line, sdpMid, sdpMLineIndex, usernameFragment } = candidate;
  const init = { candidate: line };
  if (sdpMid != null) init.sdpMid = sdpMid;
  if (sdpMLineIndex != null) init.sdpMLineIndex = sdpMLineIndex;
  if (usernameFragment != null) init.usernameFragment = usernameFragment;
  return init;
}
