/**
 * Choosing the camera, microphone and speaker: one set of pickers (shown in
 * the join card before joining, in the call's device panel during it), a live
 * microphone meter, and the choice remembered for the next visit. A switch
 * during a call replaces the track in place (see LocalMedia#switchDevice):
 * no renegotiation.
 * @module devices
 */

import { byId } from './dom.js';
import { mediaProblem } from './media.js';
import { AudioLevel } from './speaking.js';
import { canChooseAudioOutput, setAudioOutput } from './tiles.js';

const STORAGE_KEY = 'conclave.devices';
const METER_MS = 100;

/** Which picker lists which kind of device, and what to call it. */
const PICKERS = Object.freeze({
  camera: { kind: 'videoinput', track: 'video', noun: 'camera' },
  microphone: { kind: 'audioinput', track: 'audio', noun: 'microphone' },
  speaker: { kind: 'audiooutput', track: null, noun: 'speaker' },
});

/**
 * The devices chosen last time (device ids; absent: the browser's default).
 * @returns {{camera?: string, microphone?: string, speaker?: string}}
 */
export function storedChoice() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return stored && typeof stored === 'object' ? stored : {};
  } catch {
    return {}; // storage disabled, or not ours
  }
}

function remember(picker, deviceId) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...storedChoice(), [picker]: deviceId }));
  } catch {
    // storage disabled or full: the choice is simply not remembered
  }
}

/** Maps a level (RMS, full scale 1) to the meter: -60 dBFS and under empty, 0 dBFS full. */
function meterValue(rms) {
  if (rms <= 0) return 0;
  return Math.min(1, Math.max(0, (20 * Math.log10(rms) + 60) / 60));
}

export class DevicePickers {
  #ui = {
    box: byId('device-pickers'),
    camera: /** @type {HTMLSelectElement} */ (byId('camera-select')),
    microphone: /** @type {HTMLSelectElement} */ (byId('microphone-select')),
    speaker: /** @type {HTMLSelectElement} */ (byId('speaker-select')),
    speakerField: byId('speaker-field'),
    meter: /** @type {HTMLMeterElement} */ (byId('mic-meter')),
    message: byId('device-message'),
    tiles: byId('tiles'),
  };
  /** @type {import('./media.js').LocalMedia | null} */
  #media = null;
  /** @type {AbortController | null} */
  #following = null;
  /** @type {AudioLevel | null} */
  #level = null;
  #timer = null;

  constructor() {
    for (const picker of Object.keys(PICKERS)) {
      this.#ui[picker].addEventListener('change', () => this.#choose(picker, this.#ui[picker].value));
    }
    navigator.mediaDevices?.addEventListener?.('devicechange', () => this.refresh());
    // Known at once, so the join card does not shift under the pointer once devices are listed.
    this.#ui.speakerField.hidden = !canChooseAudioOutput;
    const speaker = storedChoice().speaker;
    if (speaker && canChooseAudioOutput) setAudioOutput(this.#ui.tiles, speaker).catch(() => {});
  }

  /** The pickers' box, to move between the join card and the call. */
  get element() {
    return this.#ui.box;
  }

  /**
   * Shows and switches the devices of `media` from now on (until the next call or {@link release}).
   * @param {import('./media.js').LocalMedia} media
   * @param {string | null} problem what went wrong acquiring it, to show beside the pickers
   */
  async use(media, problem = null) {
    this.release();
    this.#media = media;
    this.#following = new AbortController();
    media.addEventListener('trackchanged', ({ detail }) => {
      if (detail.kind === 'audio') this.#startMeter();
    }, { signal: this.#following.signal });
    media.addEventListener('deviceended', ({ detail }) => {
      this.showMessage(`Your ${detail.kind === 'audio' ? 'microphone' : 'camera'} was disconnected. `
        + 'Pick another one here.');
      this.refresh();
    }, { signal: this.#following.signal });
    this.showMessage(problem);
    this.#startMeter();
    await this.refresh();
  }

  /** Stops following the media (it is being stopped, or handed over). */
  release() {
    this.#following?.abort();
    this.#following = null;
    this.#stopMeter();
    this.#media = null;
  }

  /** @param {string | null} text */
  showMessage(text) {
    this.#ui.message.textContent = text ?? '';
    this.#ui.message.hidden = !text;
  }

  /** Lists the devices again (one was plugged in or out, or permission was just given). */
  async refresh() {
    let devices = [];
    try {
      devices = await navigator.mediaDevices.enumerateDevices();
    } catch {
      // no device list here: pickers stay as they are
      return;
    }
    const choice = storedChoice();
    for (const [picker, { kind, track, noun }] of Object.entries(PICKERS)) {
      const select = this.#ui[picker];
      const listed = devices.filter((device) => device.kind === kind && device.deviceId);
      const current = (track && this.#media?.deviceId(track)) || choice[picker] || '';
      const options = listed.map((device, i) => new Option(device.label || `${noun} ${i + 1}`, device.deviceId));
      if (options.length === 0) options.push(new Option(`No ${noun} found`, ''));
      select.replaceChildren(...options);
      if (listed.some((device) => device.deviceId === current)) select.value = current;
      select.disabled = listed.length === 0 || (track !== null && !this.#media);
    }
  }

  async #choose(picker, deviceId) {
    remember(picker, deviceId);
    const { track, noun } = PICKERS[picker];
    try {
      if (track === null) await setAudioOutput(this.#ui.tiles, deviceId);
      else if (this.#media) await this.#media.switchDevice(track, deviceId);
      this.showMessage(null);
    } catch (error) {
      this.showMessage(track === null ? `The sound cannot be played through that ${noun}.`
        : `${mediaProblem(error, noun)} Still using the previous one.`);
      await this.refresh();
    }
  }

  #startMeter() {
    this.#stopMeter();
    const track = this.#media?.audioTrack;
    if (!track || track.readyState !== 'live') return;
    const level = new AudioLevel(track);
    this.#level = level;
    this.#timer = setInterval(() => {
      this.#ui.meter.value = this.#media?.audioMuted ? 0 : meterValue(level.read());
    }, METER_MS);
  }

  #stopMeter() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#level?.close();
    this.#level = null;
    this.#ui.meter.value = 0;
  }
}
