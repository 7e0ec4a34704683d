/**
 * Raised hands and reactions in a call: the hand button (and its `H`
 * shortcut), the reaction buttons, what the room tells of others' hands and
 * reactions, and the moderator's "Lower hand" in the roster. Screen readers
 * hear hands go up and down through `#announcer`.
 * @module gestures
 */

import { byId } from './dom.js';
import { ErrorCode, hasErrorCode } from './rpc-error.js';
import { showNotice } from './status.js';

/** The reactions the server accepts (docs/protocol.md, `react`). */
export const REACTIONS = Object.freeze(['👍', '👏', '😂', '😮', '❤️', '🎉']);

/** Tells screen readers something happened, without moving the focus. @param {string} text */
export function announce(text) {
  const announcer = byId('announcer');
  // A change of text is what a live region reads; the same text twice must still be read.
  announcer.textContent = '';
  requestAnimationFrame(() => { announcer.textContent = text; });
}

/** Whether a key press belongs to a text field rather than to the page's shortcuts. */
export function typing(event) {
  const target = event.target;
  return target instanceof HTMLElement
    && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export class Gestures {
  #client;
  #view;
  #button = byId('raise-hand');
  #bar = byId('reactions');
  #canPublish = false;

  /**
   * @param {object} options
   * @param {() => import('./conclave-client.js').ConclaveClient} options.client the session's current client
   * @param {import('./participants.js').ParticipantsView} options.view
   * @param {AbortSignal} options.signal removes the listeners when the call ends
   */
  constructor({ client, view, signal }) {
    this.#client = client;
    this.#view = view;
    this.#button.addEventListener('click', () => this.toggleHand(), { signal });
    this.#bar.replaceChildren(...REACTIONS.map((emoji) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'reaction-button';
      button.textContent = emoji;
      button.setAttribute('aria-label', `React ${emoji}`);
      button.dataset.emoji = emoji;
      return button;
    }));
    this.#bar.addEventListener('click', (event) => {
      const emoji = event.target instanceof Element ? event.target.closest('.reaction-button')?.dataset.emoji : null;
      if (emoji) this.#react(emoji);
    }, { signal });
    document.addEventListener('keydown', (event) => {
      if (event.key.toLowerCase() !== 'h' || event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
      if (this.#canPublish) this.toggleHand();
    }, { signal });
  }

  /** Audience members have neither: raising a hand would show an unlisted member. @param {boolean} canPublish */
  setCanPublish(canPublish) {
    this.#canPublish = canPublish;
    this.#button.hidden = !canPublish;
    this.#bar.hidden = !canPublish;
  }

  /** Raises your hand, or lowers it. */
  async toggleHand() {
    const raised = !this.#handRaised();
    try {
      await this.#client().setHand(raised);
      this.#showOwnHand(raised ? new Date().toISOString() : null);
      announce(raised ? 'You raised your hand' : 'You lowered your hand');
    } catch (error) {
      showNotice(`Could not ${raised ? 'raise' : 'lower'} your hand: ${error.message}`);
    }
  }

  /** A moderator's "Lower hand" for someone. @param {string} participantId */
  lowerHand(participantId) {
    return this.#client().lowerHand(participantId).catch((error) => {
      showNotice(`Could not lower the hand: ${error.message}`);
    });
  }

  /** `handChanged`: someone's hand went up or down (yours, when a moderator lowered it). */
  onHandChanged({ participantId, raised, raisedAt, by }) {
    const name = this.#view.get(participantId)?.name ?? 'Someone';
    if (participantId === this.#view.selfId) {
      this.#showOwnHand(raised ? raisedAt : null);
      if (!raised && by) {
        showNotice('A moderator lowered your hand.');
        announce('A moderator lowered your hand');
      }
      return;
    }
    this.#view.update(participantId, { handRaisedAt: raised ? raisedAt : null });
    announce(raised ? `${name} raised their hand` : `${name} lowered their hand`);
  }

  /** `reaction`: shown briefly on the sender's tile. */
  onReaction({ participantId, emoji }) {
    this.#view.showReaction(participantId, emoji);
  }

  /** After a resume: your hand as the server knows it. @param {{handRaisedAt?: string | null}} self */
  resync(self) {
    this.#showOwnHand(self.handRaisedAt ?? null);
  }

  async #react(emoji) {
    try {
      await this.#client().react(emoji);
      this.#view.showReaction(this.#view.selfId, emoji);
    } catch (error) {
      showNotice(hasErrorCode(error, ErrorCode.RATE_LIMITED) ? 'Slow down: too many reactions at once.'
        : `Could not react: ${error.message}`);
    }
  }

  #handRaised() {
    return Boolean(this.#view.self?.handRaisedAt);
  }

  #showOwnHand(raisedAt) {
    this.#view.update(this.#view.selfId, { handRaisedAt: raisedAt });
    const raised = Boolean(raisedAt);
    this.#button.setAttribute('aria-pressed', String(raised));
    this.#button.querySelector('.control-label').textContent = raised ? 'Lower hand' : 'Raise hand';
  }
}
