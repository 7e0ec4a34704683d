/**
 * Who is speaking: measures your own microphone and says when you start and
 * stop speaking — a change, not a stream of levels. The media server has no
 * audio level to give, and a mesh has no server in the media path, so each
 * page measures itself (as OpenVidu's pages do). Hysteresis keeps a pause
 * between words, or a level near the threshold, from flapping.
 * @module speaking
 */

/** How often the level is read. */
const SAMPLE_MS = 100;
/** RMS of the samples (full scale 1) from which you may be speaking: about -34 dBFS. */
const START_LEVEL = 0.02;
/** RMS under which you are quiet: about -40 dBFS. Between the two, nothing changes. */
const STOP_LEVEL = 0.01;
/** Loud readings in a row that start speaking (0.2 s). */
const START_AFTER = 2;
/** Quiet readings in a row that stop it (0.8 s: a pause between words is not an end). */
const STOP_AFTER = 8;

/**
 * The level of a microphone, read on demand: RMS of its latest samples, full
 * scale 1. Shared by the speaking detector and the device preview's meter.
 */
export class AudioLevel {
  #context;
  #analyser;
  #samples;

  /** @param {MediaStreamTrack} track */
  constructor(track) {
    this.#context = new AudioContext();
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#context.createMediaStreamSource(new MediaStream([track])).connect(this.#analyser);
    this.#context.resume().catch(() => {});
    this.#samples = new Float32Array(this.#analyser.fftSize);
  }

  /** @returns {number} 0–1 */
  read() {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    let sum = 0;
    for (const sample of this.#samples) sum += sample * sample;
    return Math.sqrt(sum / this.#samples.length);
  }

  close() {
    this.#context.close().catch(() => {});
  }
}

export class SpeakingDetector {
  #track;
  #isMuted;
  #onChange;
  /** @type {AudioLevel | null} */
  #level = null;
  #timer = null;
  #speaking = false;
  #loud = 0;
  #quiet = 0;

  /**
   * @param {MediaStreamTrack} track your microphone
   * @param {() => boolean} isMuted a muted microphone is never speaking
   * @param {(speaking: boolean) => void} onChange called on each change
   */
  constructor(track, isMuted, onChange) {
    this.#track = track;
    this.#isMuted = isMuted;
    this.#onChange = onChange;
  }

  get speaking() {
    return this.#speaking;
  }

  start() {
    if (this.#level) return;
    const level = new AudioLevel(this.#track);
    this.#level = level;
    this.#timer = setInterval(() => this.#read(this.#isMuted() ? 0 : level.read()), SAMPLE_MS);
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#level?.close();
    this.#level = null;
    this.#speaking = false;
  }

  /**
   * Listens to another microphone from now on (the user switched devices);
   * a speaking state carries over until the new one says otherwise.
   * @param {MediaStreamTrack} track
   */
  useTrack(track) {
    const running = this.#level !== null;
    clearInterval(this.#timer);
    this.#level?.close();
    this.#level = null;
    this.#track = track;
    if (running) this.start();
  }

  #read(level) {
    if (level >= START_LEVEL) {
      this.#loud += 1;
      this.#quiet = 0;
    } else if (level < STOP_LEVEL) {
      this.#quiet += 1;
      this.#loud = 0;
    } else {
      this.#loud = 0;
      this.#quiet = 0;
    }
    if (!this.#speaking && this.#loud >= START_AFTER) this.#set(true);
    else if (this.#speaking && this.#quiet >= STOP_AFTER) this.#set(false);
  }

  #set(speaking) {
    this.#speaking = speaking;
    this.#onChange(speaking);
  }
}
