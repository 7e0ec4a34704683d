/**
 * How well your connection carries the call, from WebRTC statistics read
 * every 2 s on each of your connections: the round-trip time, the loss and
 * jitter your receivers report of what you send (`remote-inbound-rtp`), the
 * loss of what you receive (`inbound-rtp`), and the outgoing bitrate the
 * congestion controller estimates (the selected candidate pair's
 * `availableOutgoingBitrate`). A coarse level — good, fair, poor — changes
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
 * Reads one connection's statistics, against its previous counters.
 * @param {RTCPeerConnection} pc
 * @param {Map<string, number>} counters the connection's packet counters at the last reading (updated)
 * @returns {Promise<Reading | null>} null when it has nothing connected yet
 */
async function read(pc, counters) {
  const report = await pc.getStats();
  let rttMs = null;
  let jitterMs = null;
  let outgoingKbps = null;
  let sendingVideo = false;
  let lost = 0;
  let counted = 0;
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
      if (Number.isFinite(stats.roundTripTime)) rttMs = worse(rttMs, stats.roundTripTime * 1000);
      if (Number.isFinite(stats.jitter)) jitterMs = worse(jitterMs, stats.jitter * 1000);
      const sent = report.get(stats.localId)?.packetsSent;
      if (Number.isFinite(stats.packetsLost) && Number.isFinite(sent)) {
        const lostNow = delta(`${stats.id}:lost`, stats.packetsLost);
        lost += lostNow;
        counted += delta(`${stats.id}:sent`, sent);
      }
    } else if (stats.type === 'inbound-rtp') {
      if (Number.isFinite(stats.jitter)) jitterMs = worse(jitterMs, stats.jitter * 1000);
      if (Number.isFinite(stats.packetsLost) && Number.isFinite(stats.packetsReceived)) {
        const lostNow = delta(`${stats.id}:lost`, stats.packetsLost);
        lost += lostNow;
        counted += lostNow + delta(`${stats.id}:received`, stats.packetsReceived);
      }
    } else if (stats.type === 'outbound-rtp' && stats.kind === 'video' && (stats.framesEncoded ?? 0) > 0) {
      sendingVideo = true;
    }
  });
  if (rttMs === null && counted === 0) return null;
  return { rttMs, lossPct: counted > 0 ? (100 * lost) / counted : null, jitterMs, outgoingKbps, sendingVideo };
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

  /**
   * @param {() => RTCPeerConnection[]} connections the call's connections now
   * @param {(level: Level, reasons: string[]) => void} onChange the level changed (or, same level, its reasons)
   */
  constructor(connections, onChange) {
    this.#connections = connections;
    this.#onChange = onChange;
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
    const readings = [];
    for (const pc of this.#connections()) {
      if (pc.connectionState !== 'connected') continue;
      if (!this.#counters.has(pc)) this.#counters.set(pc, new Map());
      const reading = await read(pc, this.#counters.get(pc));
      if (reading) readings.push(rate(reading));
    }
    if (readings.length === 0 || !this.#timer) return;
    // With several connections (a mesh), the middle one rates you: one peer's bad network is not yours.
    readings.sort((a, b) => SEVERITY[a.level] - SEVERITY[b.level]);
    const { level, reasons } = readings[Math.floor(readings.length / 2)];
    this.#consider(level, reasons);
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
