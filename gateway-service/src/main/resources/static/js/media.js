/**
 * Local media: microphone, camera and screen capture.
 * @module media
 */

const CAMERA_CONSTRAINTS = { width: { ideal: 1280 }, height: { ideal: 720 } };

/**
 * Constraints for a camera or microphone: that device when one is given.
 * @param {'audio' | 'video'} kind
 * @param {string | null | undefined} deviceId
 */
function constraintsFor(kind, deviceId) {
  const base = kind === 'video' ? { ...CAMERA_CONSTRAINTS } : {};
  if (deviceId) base.deviceId = { exact: deviceId };
  return Object.keys(base).length > 0 ? base : true;
}

/**
 * Why getUserMedia failed, in words for the user.
 * @param {unknown} error
 * @param {string} what 'camera', 'microphone' or 'camera and microphone'
 */
export function mediaProblem(error, what) {
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `${What} access was blocked. Allow it in the browser's site settings to use it.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what} was found.`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${what} is in use by another application.`;
    default:
      return `The ${what} could not be started.`;
  }
}

/**
 * The local tracks of one call. Camera and microphone are acquired once and
 * may be switched to other devices; the screen capture comes and goes.
 * Dispatches `screenended` when the user stops sharing from the browser's own
 * UI, `trackchanged` when a device was switched, `deviceended` when one went
 * away.
 */
export class LocalMedia extends EventTarget {
  /** @type {MediaStream | null} */
  #stream;
  /** @type {MediaStreamTrack | null} */
  #screenTrack = null;
  /** @type {MediaStream | null} */
  #preview = null;

  /** @param {MediaStream | null} stream microphone and/or camera */
  constructor(stream) {
    super();
    this.#stream = stream;
    stream?.getTracks().forEach((track) => this.#watch(track));
  }

  /**
   * Replaces the microphone or the camera with another device, keeping it
   * muted or off as it was; the stream stays the same object, so whoever
   * holds it sends the new track to peers that connect later. Dispatches
   * `trackchanged` with `{kind, track}`: senders replace their track.
   * @param {'audio' | 'video'} kind
   * @param {string} deviceId
   * @returns {Promise<MediaStreamTrack>}
   * @throws when the device cannot be opened (see {@link mediaProblem})
   */
  async switchDevice(kind, deviceId) {
    const old = kind === 'audio' ? this.audioTrack : this.cameraTrack;
    if (old && old.readyState === 'live' && old.getSettings().deviceId === deviceId) return old;
    const constraints = constraintsFor(kind, deviceId);
    const [track] = (await navigator.mediaDevices.getUserMedia({ [kind]: constraints })).getTracks();
    if (old) track.enabled = old.enabled;
    this.#stream ??= new MediaStream();
    if (old) {
      this.#stream.removeTrack(old);
      old.stop();
    }
    this.#stream.addTrack(track);
    this.#watch(track);
    this.#preview = null;
    this.dispatchEvent(new CustomEvent('trackchanged', { detail: { kind, track } }));
    return track;
  }

  /** The device id of the microphone or camera in use, or null. @param {'audio' | 'video'} kind */
  deviceId(kind) {
    const track = kind === 'audio' ? this.audioTrack : this.cameraTrack;
    return track?.getSettings().deviceId ?? null;
  }

  /** Tells, with `deviceended` `{kind}`, when a microphone or camera goes away (unplugged, revoked). */
  #watch(track) {
    track.addEventListener('ended', () => {
      if (this.#stream?.getTracks().includes(track)) {
        this.dispatchEvent(new CustomEvent('deviceended', { detail: { kind: track.kind } }));
      }
    }, { once: true });
  }

  /**
   * Asks for camera and microphone (the chosen ones, where still there);
   * when that fails, for each alone, so that a blocked or missing one does
   * not cost the other. Never rejects.
   * @param {{camera?: string | null, microphone?: string | null}} [choice] device ids
   * @returns {Promise<{media: LocalMedia, notice: string | null}>} `notice` explains what is missing
   */
  static async acquire(choice = {}) {
    const devices = navigator.mediaDevices;
    if (!devices?.getUserMedia) {
      return {
        media: new LocalMedia(null),
        notice: 'This browser cannot use the camera or microphone here (a secure https:// page is needed). '
          + 'You can still see, hear and chat.',
      };
    }
    if (choice.microphone || choice.camera) {
      try {
        const audio = constraintsFor('audio', choice.microphone);
        const video = constraintsFor('video', choice.camera);
        return { media: new LocalMedia(await devices.getUserMedia({ audio, video })), notice: null };
      } catch {
        // a chosen device is gone (or refused): take whatever there is
      }
    }
    const audio = constraintsFor('audio', null);
    const video = constraintsFor('video', null);
    try {
      return { media: new LocalMedia(await devices.getUserMedia({ audio, video })), notice: null };
    } catch {
      // one of them, or both: find out which
    }
    const [microphone, camera] = await Promise.allSettled([
      devices.getUserMedia({ audio }), devices.getUserMedia({ video }),
    ]);
    const tracks = [microphone, camera].filter((outcome) => outcome.status === 'fulfilled')
      .flatMap((outcome) => outcome.value.getTracks());
    const media = new LocalMedia(tracks.length > 0 ? new MediaStream(tracks) : null);
    if (microphone.status === 'rejected' && camera.status === 'rejected') {
      const same = microphone.reason?.name === camera.reason?.name;
      const problem = same ? mediaProblem(microphone.reason, 'camera and microphone')
        : `${mediaProblem(microphone.reason, 'microphone')} ${mediaProblem(camera.reason, 'camera')}`;
      return { media, notice: `${problem} You are without camera or microphone — you can still see, hear and chat.` };
    }
    if (microphone.status === 'rejected') {
      return {
        media,
        notice: `${mediaProblem(microphone.reason, 'microphone')} Others cannot hear you; they see your camera.`,
      };
    }
    return { media, notice: `${mediaProblem(camera.reason, 'camera')} Others hear you without seeing you.` };
  }

  /** Whether this browser can capture the screen. */
  static get canShareScreen() {
    return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  }

  /** Microphone and camera, or null when there are none. */
  get stream() {
    return this.#stream;
  }

  /** @returns {MediaStreamTrack | null} */
  get audioTrack() {
    return this.#stream?.getAudioTracks()[0] ?? null;
  }

  /** @returns {MediaStreamTrack | null} */
  get cameraTrack() {
    return this.#stream?.getVideoTracks()[0] ?? null;
  }

  /** @returns {MediaStreamTrack | null} */
  get screenTrack() {
    return this.#screenTrack;
  }

  get sharingScreen() {
    return this.#screenTrack !== null;
  }

  /** The video track being sent: the screen while sharing, else the camera. */
  get outgoingVideoTrack() {
    return this.#screenTrack ?? this.cameraTrack;
  }

  /** True when there is no microphone, it is muted, or it went away. */
  get audioMuted() {
    return !this.audioTrack?.enabled || this.audioTrack.readyState === 'ended';
  }

  /** True when there is no camera, it is switched off, or it went away. */
  get cameraOff() {
    return !this.cameraTrack?.enabled || this.cameraTrack.readyState === 'ended';
  }

  /**
   * A video-only stream for the local preview tile; the same object until the
   * outgoing video track changes.
   * @returns {MediaStream | null}
   */
  get previewStream() {
    const track = this.outgoingVideoTrack;
    if (!track) return null;
    if (this.#preview?.getVideoTracks()[0] !== track) this.#preview = new MediaStream([track]);
    return this.#preview;
  }

  /** @param {boolean} muted */
  setAudioMuted(muted) {
    if (this.audioTrack) this.audioTrack.enabled = !muted;
  }

  /** @param {boolean} off */
  setCameraOff(off) {
    if (this.cameraTrack) this.cameraTrack.enabled = !off;
  }

  /**
   * Starts capturing the screen.
   * @returns {Promise<MediaStreamTrack | null>} null when the user cancelled the picker
   * @throws when capture failed for another reason
   */
  async startScreenShare() {
    if (this.#screenTrack) return this.#screenTrack;
    let stream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      if (error?.name === 'NotAllowedError' || error?.name === 'AbortError') return null;
      throw error;
    }
    const [track] = stream.getVideoTracks();
    if ('contentHint' in track) track.contentHint = 'detail';
    track.addEventListener('ended', () => {
      if (this.#screenTrack === track) this.dispatchEvent(new Event('screenended'));
    }, { once: true });
    this.#screenTrack = track;
    return track;
  }

  /** Stops the screen capture, if any. */
  stopScreenShare() {
    this.#screenTrack?.stop();
    this.#screenTrack = null;
  }

  /** Stops every local track. */
  stop() {
    this.stopScreenShare();
    const stream = this.#stream;
    this.#stream = null; // first: stopping is not a device going away
    stream?.getTracks().forEach((track) => track.stop());
    this.#preview = null;
  }
}
