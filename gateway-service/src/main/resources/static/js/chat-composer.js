/**
 * The chat input (`#chat-form`): sending, and why sending is not possible
 * right now — no `chat` grant, chat muted by a moderator, reconnecting, or a
 * rate limit — with the reason next to it in `#chat-error` (a polite live
 * region). A message that could not be sent stays in the input.
 * @module chat-composer
 */

import { ErrorCode, RpcError } from './conclave-client.js';

const PLACEHOLDER = Object.freeze({
  ready: 'Message everyone',
  denied: 'Chat is not available to you',
  muted: 'A moderator muted your chat',
});

/**
 * What `#chat-error` currently says, which decides what clears it: `offline`
 * and `connection` go once reconnected, `wait` when the rate limit is over,
 * `muted` when a moderator allows chat again, `other` when the text is edited.
 * @typedef {'offline'|'connection'|'wait'|'muted'|'other'} ErrorKind
 */

export class ChatComposer {
  #ui;
  /** @type {(text: string) => Promise<unknown>} */
  #deliver;
  #allowed = false;
  #muted = false;
  #online = true;
  #sending = false;
  /** @type {ReturnType<typeof setTimeout> | null} end of a rate-limit wait */
  #waitTimer = null;
  /** @type {ErrorKind | null} */
  #errorKind = null;

  /**
   * @param {{form: HTMLFormElement, input: HTMLInputElement, send: HTMLButtonElement, error: HTMLElement}} ui
   * @param {(text: string) => Promise<unknown>} deliver sends a message; rejects with an RpcError
   * @param {AbortSignal} signal removes the listeners when aborted
   */
  constructor(ui, deliver, signal) {
    this.#ui = ui;
    this.#deliver = deliver;
    ui.form.addEventListener('submit', (event) => this.#submit(event), { signal });
    ui.input.addEventListener('input', () => {
      if (this.#errorKind === 'other') this.#clearError();
    }, { signal });
    signal.addEventListener('abort', () => this.#reset(), { once: true });
    this.#render();
  }

  /** Whether a moderator muted your chat. */
  get muted() {
    return this.#muted;
  }

  /** @param {boolean} allowed whether you have the `chat` grant */
  setAllowed(allowed) {
    this.#allowed = allowed;
    this.#render();
  }

  /**
   * A moderator muted or unmuted your chat.
   * @param {boolean} muted
   * @returns {boolean} whether that changed anything
   */
  setMuted(muted) {
    if (muted === this.#muted) return false;
    this.#muted = muted;
    if (muted) this.#showError('A moderator muted your chat.', 'muted');
    else if (this.#errorKind === 'muted') this.#clearError();
    this.#render();
    return true;
  }

  /**
   * The signaling connection is down (false) or back (true). Typing goes on;
   * sending waits.
   * @param {boolean} online
   */
  setOnline(online) {
    this.#online = online;
    if (!online && !this.#muted) this.#showError('Reconnecting — you can send once the connection is back.', 'offline');
    else if (this.#errorKind === 'offline' || this.#errorKind === 'connection') this.#clearError();
    this.#render();
  }

  async #submit(event) {
    event.preventDefault();
    const { input, send } = this.#ui;
    const text = input.value.trim();
    if (!text || send.disabled) return;
    this.#sending = true;
    this.#render();
    try {
      await this.#deliver(text);
      if (input.value.trim() === text) input.value = '';
      if (this.#errorKind === 'other') this.#clearError();
    } catch (error) {
      this.#onSendError(error);
    } finally {
      this.#sending = false;
      this.#render();
    }
  }

  /** Explains why a message was not sent; the text stays in the input. */
  #onSendError(error) {
    const code = error instanceof RpcError ? error.code : null;
    if (code === ErrorCode.RATE_LIMITED) {
      this.#waitForRateLimit(Number(error.data.retryAfterMs));
    } else if (code === ErrorCode.MESSAGE_REJECTED) {
      this.#showError('Not sent: the message contains a word that is not allowed here. Edit it and try again.', 'other');
    } else if (code === ErrorCode.CHAT_MUTED) {
      this.setMuted(true);
      this.#showError('Not sent: a moderator muted your chat.', 'muted');
    } else if (error instanceof RpcError && error.isClientSide) {
      this.#showError('Not sent: the connection was interrupted. Send it again once reconnected.', 'connection');
    } else {
      this.#showError(`Not sent: ${error?.message || 'something went wrong'}.`, 'other');
    }
  }

  /** RATE_LIMITED: says how long to wait, and keeps Send disabled until then. */
  #waitForRateLimit(retryAfterMs) {
    clearTimeout(this.#waitTimer);
    if (!Number.isFinite(retryAfterMs) || retryAfterMs <= 0) {
      this.#waitTimer = null;
      this.#showError('Slow down — try again in a moment.', 'other');
      return;
    }
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    this.#showError(`Slow down — you can send again in ${seconds} s.`, 'wait');
    this.#waitTimer = setTimeout(() => {
      this.#waitTimer = null;
      if (this.#errorKind === 'wait') this.#clearError();
      this.#render();
    }, retryAfterMs);
  }

  #showError(text, kind) {
    this.#errorKind = kind;
    this.#ui.error.textContent = text;
  }

  #clearError() {
    this.#errorKind = null;
    this.#ui.error.textContent = '';
  }

  #render() {
    const { input, send } = this.#ui;
    const writable = this.#allowed && !this.#muted;
    input.disabled = !writable;
    input.placeholder = !this.#allowed ? PLACEHOLDER.denied : this.#muted ? PLACEHOLDER.muted : PLACEHOLDER.ready;
    send.disabled = !writable || !this.#online || this.#sending || this.#waitTimer !== null;
  }

  /** The call ended: no pending wait, no message left over. */
  #reset() {
    clearTimeout(this.#waitTimer);
    this.#waitTimer = null;
    this.#allowed = true;
    this.#muted = false;
    this.#online = true;
    this.#clearError();
    this.#render();
  }
}
