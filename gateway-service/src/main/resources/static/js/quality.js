/**
 * How well your connection carries the call, from WebRTC statistics read
 * every 2 s on each of your connections: the round-trip time, the loss and
 * jitter your receivers report of what you send (`remote-inbound-rtp`), the
 * loss of what you receive (`inbound-rtp`), and the outgoing bitrate the
 * congestion controller estimates (the selected candidate pair's
 * `availableOutgoingBitrate`; in a mesh only, as in an SFU room the media
 * server's policy bounds it). A coarse level — good, fair, poor — changes
 * once two readings in a row agree; the page shows it with the reasons, and
 * the room is told the level (`setConnectionQuality`).
 * @module quality
 */

const READ_MS = 2000;

/** Readings in a row that must agree before the level changes. */
const AGREE = 2;

/** @typedef {'good' | 'fair' | 'poor'} Level */
const SEVERITY = Object.freeze({ good: 0, fair: 1, poor: 2 });

/**
 * What one connection's statistics say.
 * @typedef {object} Reading
 * @property {number | null} rttMs
 * @property {number | null} lossPct packets lost of those sent or received since the last reading, the worse
 * @property {number | null} jitterMs
 * @property {number | null} outgoingKbps the estimate of what the connection can send
 * @property {boolean} sendingVideo
 */

/**
 * The level of one reading, and why it is not good.
 * @param {Reading} reading
 * @returns {{level: Level, reasons: string[]}}
 */
export function rate({ rttMs, lossPct, jitterMs, outgoingKbps, sendingVideo }) {
  const poor = [];
  const fair = [];
  if (lossPct !== null && lossPct >= 10) poor.push(`${Math.round(lossPct)} % of packets lost`);
  else if (lossPct !== null && lossPct >= 3) fair.push(`${Math.round(lossPct)} % of packets lost`);
  if (rttMs !== null && rttMs >= 600) poor.push(`${Math.round(rttMs)} ms round trip`);
  else if (rttMs !== null && rttMs >= 300) fair.push(`${Math.round(rttMs)} ms round trip`);
  if (jitterMs !== null && jitterMs >= 60) poor.push(`${Math.round(jitterMs)} ms jitter`);
  else if (jitterMs !== null && jitterMs >= 30) fair.push(`${Math.round(jitterMs)} ms jitter`);
  if (sendingVideo && outgoingKbps !== null && outgoingKbps < 150) poor.push(`${Math.round(outgoingKbps)} kbit/s to send`);
  else if (sendingVideo && outgoingKbps !== null && outgoingKbps < 400) fair.push(`${Math.round(outgoingKbps)} kbit/s to send`);
  if (poor.length > 0) return { level: 'poor', reasons: [...poor, ...fair] };
  if (fair.length > 0) return { level: 'fair', reasons: fair };
  return { level: 'good', reasons: [] };
}

/**
 * What one connection's statistics say, split by direction: what you send (as its receiver reports it, with the round
 * trip and the estimate of what can be sent) is yours; what you receive also carries its sender's network.
 * @typedef {object} Sides
 * @property {Reading | null} send null when nothing is sent on it
 * @property {Reading | null} receive null when nothing is received on it
 */

/**
 * Reads one connection's statistics, against its previous counters.
 * @param {RTCPeerConnection} pc
 * @param {Map<string, number>} counters the connection's packet counters at the last reading (updated)
 * @returns {Promise<Sides | null>} null when it has nothing connected yet
 */
async function read(pc, counters) {
  const report = await pc.getStats();
  let rttMs = null;
  let outgoingKbps = null;
  let sendingVideo = false;
  const sent = { lost: 0, counted: 0, jitterMs: null, any: false };
  const received = { lost: 0, counted: 0, jitterMs: null, any: false };
  const worse = (current, value) => (current === null ? value : Math.max(current, value));
  const delta = (key, value) => {
    const before = counters.get(key) ?? 0;
    counters.set(key, value);
    return Math.max(0, value - before);
  };
  report.forEach((stats) => {
    if (stats.type === 'candidate-pair' && stats.nominated && stats.state === 'succeeded') {
      if (Number.isFinite(stats.currentRoundTripTime)) rttMs = worse(rttMs, stats.currentRoundTripTime * 1000);
      if (Number.isFinite(stats.availableOutgoingBitrate)) outgoingKbps = stats.availableOutgoingBitrate / 1000;
    } else if (stats.type === 'remote-inbound-rtp') {
      sent.any = true;
      if (Number.isFinite(stats.roundTripTime)) rttMs = worse(rttMs, stats.roundTripTime * 1000);
      if (Number.isFinite(stats.jitter)) sent.jitterMs = worse(sent.jitterMs, stats.jitter * 1000);
      const packetsSent = report.get(stats.localId)?.packetsSent;
      if (Number.isFinite(stats.packetsLost) && Number.isFinite(packetsSent)) {
        sent.lost += delta(`${stats.id}:lost`, stats.packetsLost);
        sent.counted += delta(`${stats.id}:sent`, packetsSent);
      }
    } else if (stats.type === 'inbound-rtp') {
      received.any = true;
      if (Number.isFinite(stats.jitter)) received.jitterMs = worse(received.jitterMs, stats.jitter * 1000);
      if (Number.isFinite(stats.packetsLost) && Number.isFinite(stats.packetsReceived)) {
        const lostNow = delta(`${stats.id}:lost`, stats.packetsLost);
        received.lost += lostNow;
        received.counted += lostNow + delta(`${stats.id}:received`, stats.packetsReceived);
      }
    } else if (stats.type === 'outbound-rtp' && stats.kind === 'video' && (stats.framesEncoded ?? 0) > 0) {
      sendingVideo = true;
    }
  });
  if (rttMs === null && !sent.any && !received.any) return null;
  const lossPct = ({ lost, counted }) => (counted > 0 ? (100 * lost) / counted : null);
  return {
    send: sent.any || rttMs !== null
      ? { rttMs, lossPct: lossPct(sent), jitterMs: sent.jitterMs, outgoingKbps, sendingVideo }
      : null,
    receive: received.any
      ? { rttMs: null, lossPct: lossPct(received), jitterMs: received.jitterMs, outgoingKbps: null, sendingVideo: false }
      : null,
  };
}

/** @param {{level: Level}[]} ratings @param {number} index into them, best first */
function nth(ratings, index) {
  return [...ratings].sort((a, b) => SEVERITY[a.level] - SEVERITY[b.level])[index];
}

/**
 * Your level from every connection's two sides. What you send rates you by the middle connection (a mesh: one peer's
 * bad network is not yours). What you receive carries its senders' networks too: it rates you only when most of
 * the streams you receive suffer — never from one stream alone, whose trouble may be all its sender's.
 * @param {Sides[]} sides
 * @param {boolean} estimatesTheNetwork whether the estimate of what can be sent is rated
 * @returns {{level: Level, reasons: string[]} | null}
 */
export function rateCall(sides, estimatesTheNetwork) {
  const sending = sides.map(({ send }) => send).filter(Boolean)
    .map((send) => rate(estimatesTheNetwork ? send : { ...send, outgoingKbps: null }));
  const receiving = sides.map(({ receive }) => receive).filter(Boolean).map(rate);
  if (sending.length === 0 && receiving.length === 0) return null;
  const good = { level: 'good', reasons: [] };
  const send = sending.length > 0 ? nth(sending, Math.floor(sending.length / 2)) : good;
  // The better of two, the middle of three: a majority must suffer.
  const receive = receiving.length >= 2 ? nth(receiving, Math.floor((receiving.length - 1) / 2)) : good;
  return SEVERITY[receive.level] > SEVERITY[send.level] ? receive : send;
}

export class QualityMonitor {
  #connections;
  #onChange;
  #timer = null;
  /** @type {WeakMap<RTCPeerConnection, Map<string, number>>} */
  #counters = new WeakMap();
  /** @type {Level} */
  #level = 'good';
  /** @type {Level | null} */
  #candidate = null;
  #agreeing = 0;
  #reasons = [];
  #estimatesTheNetwork;

  /**
   * @param {() => RTCPeerConnection[]} connections the call's connections now
   * @param {(level: Level, reasons: string[]) => void} onChange the level changed (or, same level, its reasons)
   * @param {object} [options]
   * @param {() => boolean} [options.estimatesTheNetwork] whether the connections' estimate of what they can send is
   *   the network's (in a mesh) and is rated, or a media server's policy (in an SFU room) and is not
   */
  constructor(connections, onChange, { estimatesTheNetwork = () => true } = {}) {
    this.#connections = connections;
    this.#onChange = onChange;
    this.#estimatesTheNetwork = estimatesTheNetwork;
  }

  /** @returns {Level} */
  get level() {
    return this.#level;
  }

  start() {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#tick().catch(() => {}), READ_MS);
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  async #tick() {
    const sides = [];
    for (const pc of this.#connections()) {
      if (pc.connectionState !== 'connected') continue;
      if (!this.#counters.has(pc)) this.#counters.set(pc, new Map());
      const reading = await read(pc, this.#counters.get(pc));
      if (reading) sides.push(reading);
    }
    const rated = rateCall(sides, this.#estimatesTheNetwork());
    if (!rated || !this.#timer) return;
    this.#consider(rated.level, rated.reasons);
  }

  #consider(level, reasons) {
    if (level === this.#level) {
      this.#candidate = null;
      this.#agreeing = 0;
      if (level !== 'good' && reasons.join() !== this.#reasons.join()) {
        this.#reasons = reasons;
        this.#onChange(level, reasons);
      }
      return;
    }
    this.#agreeing = level === this.#candidate ? this.#agreeing + 1 : 1;
    this.#candidate = level;
    if (this.#agreeing < AGREE) return;
    this.#level = level;
    this.#reasons = reasons;
    this.#candidate = null;
    this.#agreeing = 0;
    this.#onChange(level, reasons);
  }
}
