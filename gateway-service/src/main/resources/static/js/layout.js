/**
 * How the tiles are laid out: a grid of equals, or the speaker view — one
 * tile large (the pinned one, else whoever spoke last) and the others in a
 * strip. The choice of layout is remembered; a pin lasts while its
 * participant is in the call.
 * @module layout
 */

const LAYOUT_STORAGE_KEY = 'conclave.layout';

/** @typedef {'grid' | 'speaker'} Layout */

function storedLayout() {
  try {
    return localStorage.getItem(LAYOUT_STORAGE_KEY) === 'speaker' ? 'speaker' : 'grid';
  } catch {
    return 'grid'; // storage disabled
  }
}

function rememberLayout(layout) {
  try {
    localStorage.setItem(LAYOUT_STORAGE_KEY, layout);
  } catch {
    // storage disabled or full: the layout is simply not remembered
  }
}

export class Stage {
  #tiles;
  /** @type {Layout} */
  #layout = storedLayout();
  /** @type {string | null} */
  #pinned = null;
  /** @type {string | null} whoever started speaking last (others first: see {@link speakingChanged}) */
  #lastSpeaker = null;

  /** @param {HTMLElement} tiles `#tiles` */
  constructor(tiles) {
    this.#tiles = tiles;
  }

  /** @returns {Layout} */
  get layout() {
    return this.#layout;
  }

  /** @returns {string | null} */
  get pinned() {
    return this.#pinned;
  }

  /** @param {Layout} layout */
  setLayout(layout) {
    this.#layout = layout === 'speaker' ? 'speaker' : 'grid';
    rememberLayout(this.#layout);
    this.apply();
  }

  /**
   * Pins a participant's tile large (switching to the speaker view), or, for
   * the pinned one, unpins it.
   * @param {string} id
   */
  togglePin(id) {
    if (this.#pinned === id) {
      this.#pinned = null;
    } else {
      this.#pinned = id;
      this.#layout = 'speaker';
    }
    this.apply();
  }

  /**
   * Someone started or stopped speaking. Your own voice features you only
   * while nobody else has spoken: in a call you want to see the others.
   * @param {string} id
   * @param {boolean} speaking
   * @param {boolean} self
   */
  speakingChanged(id, speaking, self) {
    if (!speaking) return;
    if (self && this.#lastSpeaker !== null && this.#lastSpeaker !== id) return;
    this.#lastSpeaker = id;
    this.apply();
  }

  /** Someone left: a pin or a last speaker of theirs goes. @param {string} id */
  forget(id) {
    if (this.#pinned === id) this.#pinned = null;
    if (this.#lastSpeaker === id) this.#lastSpeaker = null;
    this.apply();
  }

  clear() {
    this.#pinned = null;
    this.#lastSpeaker = null;
    this.apply();
  }

  /** The tile shown large in the speaker view: pinned, last speaker, else the first other participant's. */
  featured() {
    const ids = [...this.#tiles.children].map((tile) => tile.dataset.participantId);
    if (this.#pinned && ids.includes(this.#pinned)) return this.#pinned;
    if (this.#lastSpeaker && ids.includes(this.#lastSpeaker)) return this.#lastSpeaker;
    const local = this.#tiles.querySelector('.tile.local')?.dataset.participantId;
    return ids.find((id) => id !== local) ?? ids[0] ?? null;
  }

  /** Marks the container with the layout and each tile with whether it is featured or pinned. */
  apply() {
    const speaker = this.#layout === 'speaker' && this.#tiles.children.length > 1;
    this.#tiles.dataset.layout = speaker ? 'speaker' : 'grid';
    this.#tiles.style.setProperty('--strip', String(Math.max(1, this.#tiles.children.length - 1)));
    const featured = speaker ? this.featured() : null;
    for (const tile of this.#tiles.children) {
      const id = tile.dataset.participantId;
      if (id === featured) tile.dataset.featured = 'true';
      else delete tile.dataset.featured;
      const pin = tile.querySelector('.tile-pin');
      if (pin) {
        pin.setAttribute('aria-pressed', String(id === this.#pinned));
        pin.setAttribute('aria-label', `${id === this.#pinned ? 'Unpin' : 'Pin'} ${tile.dataset.name ?? ''}`.trim());
      }
    }
  }
}

/**
 * Wires the layout button (and so its `L` shortcut) and the pin on every tile
 * (by delegation, so new tiles need nothing) to the stage.
 * @param {object} options
 * @param {Stage} options.stage
 * @param {HTMLButtonElement} options.button `#toggle-layout`
 * @param {HTMLElement} options.tiles `#tiles`
 * @param {(id: string, pinned: boolean) => void} options.onPin a tile was pinned or unpinned
 * @param {AbortSignal} options.signal removes the listeners
 */
export function bindLayoutControls({ stage, button, tiles, onPin, signal }) {
  const render = () => {
    const speaker = stage.layout === 'speaker';
    button.setAttribute('aria-pressed', String(speaker));
    button.querySelector('.control-label').textContent = speaker ? 'Grid view' : 'Speaker view';
  };
  button.addEventListener('click', () => {
    stage.setLayout(stage.layout === 'speaker' ? 'grid' : 'speaker');
    render();
  }, { signal });
  tiles.addEventListener('click', (event) => {
    const pin = event.target instanceof Element ? event.target.closest('.tile-pin') : null;
    const id = pin?.closest('.tile')?.dataset.participantId;
    if (!id) return;
    stage.togglePin(id);
    render();
    onPin(id, stage.pinned === id);
  }, { signal });
  stage.apply();
  render();
}
