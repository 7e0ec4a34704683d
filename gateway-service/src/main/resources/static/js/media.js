/**
 * Local media: microphone, camera and screen capture.
 * @module media
 */

const CAMERA_CONSTRAINTS = { width: { ideal: 1280 }, height: { ideal: 720 } };

/** Why getUserMedia failed, in words for the user. */
function mediaProblem(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera and microphone access was blocked.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera is in use by another application.';
    default:
      return 'The camera could not be started.';
  }
}

/**
 * The local tracks of one call. Camera and microphone are acquired once; the
 * screen capture comes and goes. Dispatches `screenended` when the user stops
 * sharing from the browser's own UI.
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
  }

  /**
   * Asks for camera and microphone; falls back to microphone only, then to no
   * media at all. Never rejects.
   * @returns {Promise<{media: LocalMedia, notice: string | null}>} `notice` explains a fallback
   */
  static async acquire() {
    const devices = navigator.mediaDevices;
    if (!devices?.getUserMedia) {
      return {
        media: new LocalMedia(null),
        notice: 'This browser cannot use the camera or microphone here (a secure https:// page is needed). '
          + 'You can still see, hear and chat.',
      };
    }
    let firstError;
    try {
      return { media: new LocalMedia(await devices.getUserMedia({ audio: true, video: CAMERA_CONSTRAINTS })), notice: null };
    } catch (error) {
      firstError = error;
    }
    const problem = mediaProblem(firstError);
    try {
      const stream = await devices.getUserMedia({ audio: true });
      return { media: new LocalMedia(stream), notice: `${problem} You joined with your microphone only.` };
    } catch {
      return {
        media: new LocalMedia(null),
        notice: `${problem} You joined without camera or microphone — you can still see, hear and chat.`,
      };
    }
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

  /** True when there is no microphone or it is muted. */
  get audioMuted() {
    return !this.audioTrack?.enabled;
  }

  /** True when there is no camera or it is switched off. */
  get cameraOff() {
    return !this.cameraTrack?.enabled;
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
    this.#stream?.getTracks().forEach((track) => track.stop());
    this.#stream = null;
    this.#preview = null;
  }
}
