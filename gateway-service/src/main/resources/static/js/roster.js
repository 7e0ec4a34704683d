/**
 * The participant list (`#participants`), its count, and the audience count.
 * @module roster
 */

import { el, icon, initials, hueFor } from './dom.js';

/**
 * @typedef {object} RosterEntry
 * @property {string} id
 * @property {string} name
 * @property {boolean} self
 * @property {boolean} audioMuted
 * @property {boolean} videoMuted
 * @property {boolean} screen
 * @property {boolean} reconnecting its connection dropped; it may come back
 * @property {boolean} chatMuted a moderator muted its chat
 * @property {boolean} canMuteChat whether to offer the moderator's "Mute chat" / "Allow chat" button
 * @property {string | null} handRaisedAt when its hand went up; null while it is down
 * @property {boolean} canLowerHand whether to offer the moderator's "Lower hand" button
 */

/**
 * Re-renders the list; cheap for the at most 16 members of a room. Keeps the
 * focus on a participant's chat button across the re-render.
 * @param {HTMLElement} list `#participants`
 * @param {HTMLElement} count `#participant-count`
 * @param {RosterEntry[]} entries raised hands first (earliest first), then yourself, then in joining order
 */
export function renderRoster(list, count, entries) {
  const focused = list.contains(document.activeElement)
    ? document.activeElement.closest('li')?.dataset.participantId ?? null
    : null;
  list.replaceChildren(...entries.map(rosterItem));
  count.textContent = String(entries.length);
  if (focused !== null) {
    [...list.children].find((item) => item.dataset.participantId === focused)
      ?.querySelector('.roster-chat-mute')?.focus();
  }
}

/**
 * Shows how many watch without being listed (audience); hidden when none.
 * @param {HTMLElement} element `#audience-count`
 * @param {number} audience
 */
export function renderAudienceCount(element, audience) {
  const count = Number.isInteger(audience) && audience > 0 ? audience : 0;
  element.textContent = count > 0 ? `${count} watching` : '';
  element.hidden = count === 0;
}

/**
 * Wires the moderator's chat buttons (by delegation, so re-renders keep them
 * working). A button waits, `aria-disabled`, until `toggle` settles.
 * @param {HTMLElement} list `#participants`
 * @param {(participantId: string, muted: boolean) => Promise<unknown>} toggle mutes (true) or allows the chat
 * @param {AbortSignal} signal removes the listener
 */
export function bindChatMuteButtons(list, toggle, signal) {
  bindRosterButtons(list, '.roster-chat-mute',
    (participantId, button) => toggle(participantId, button.getAttribute('aria-pressed') !== 'true'), signal);
}

/**
 * Wires the moderator's "Lower hand" buttons (by delegation).
 * @param {HTMLElement} list `#participants`
 * @param {(participantId: string) => Promise<unknown>} lower
 * @param {AbortSignal} signal removes the listener
 */
export function bindLowerHandButtons(list, lower, signal) {
  bindRosterButtons(list, '.roster-lower-hand', (participantId) => lower(participantId), signal);
}

/**
 * One listener for the buttons matching `selector` in every roster entry,
 * so re-renders keep them working. A button waits, `aria-disabled` (not
 * `disabled`: it keeps the focus), until `act` settles.
 */
function bindRosterButtons(list, selector, act, signal) {
  list.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest(selector) : null;
    const participantId = button?.closest('li')?.dataset.participantId;
    if (!participantId || button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    act(participantId, button).finally(() => button.removeAttribute('aria-disabled'));
  }, { signal });
}

/**
 * The order the roster shows: raised hands first, earliest first; then
 * everyone else in the order given.
 * @param {RosterEntry[]} entries
 * @returns {RosterEntry[]}
 */
export function handsFirst(entries) {
  const raised = entries.filter((entry) => entry.handRaisedAt)
    .sort((a, b) => Date.parse(a.handRaisedAt) - Date.parse(b.handRaisedAt));
  return [...raised, ...entries.filter((entry) => !entry.handRaisedAt)];
}

function rosterItem(entry) {
  const avatar = el('span', { className: 'roster-avatar', text: initials(entry.name), attrs: { 'aria-hidden': 'true' } });
  avatar.style.setProperty('--hue', String(hueFor(entry.id)));
  const name = el('span', { className: 'roster-name', text: entry.name });
  if (entry.self) name.append(el('span', { className: 'roster-you', text: ' (you)' }));
  const item = el('li', { className: 'roster-item' }, [avatar, name, statusIcons(entry)]);
  if (entry.canLowerHand && entry.handRaisedAt) {
    item.append(el('button', {
      className: 'roster-lower-hand',
      text: 'Lower hand',
      attrs: { type: 'button', 'aria-label': `Lower ${entry.name}'s hand` },
    }));
  }
  if (entry.canMuteChat) item.append(chatMuteButton(entry));
  item.dataset.participantId = entry.id;
  if (entry.handRaisedAt) item.dataset.handRaised = 'true';
  if (entry.reconnecting) item.dataset.reconnecting = 'true';
  if (entry.chatMuted) item.dataset.chatMuted = 'true';
  return item;
}

function statusIcons(entry) {
  const box = el('span', { className: 'roster-status' });
  const states = [];
  if (entry.handRaisedAt) {
    box.append(el('span', { className: 'roster-hand', text: '✋', attrs: { 'aria-hidden': 'true' } }));
    states.push('hand raised');
  }
  if (entry.reconnecting) box.append(el('span', { className: 'roster-badge', text: 'reconnecting…' }));
  if (entry.screen) {
    box.append(icon('monitor', 'roster-icon roster-screen'));
    states.push('sharing screen');
  }
  if (entry.videoMuted) {
    box.append(icon('video-off', 'roster-icon'));
    states.push('camera off');
  }
  if (entry.audioMuted) {
    box.append(icon('mic-off', 'roster-icon roster-muted'));
    states.push('microphone muted');
  }
  if (entry.chatMuted) {
    box.append(icon('chat-off', 'roster-icon roster-chat-muted'));
    states.push('chat muted');
  }
  if (states.length > 0) box.append(el('span', { className: 'visually-hidden', text: `: ${states.join(', ')}` }));
  return box;
}

/** The moderator's toggle: pressed while the participant's chat is muted. */
function chatMuteButton(entry) {
  const text = entry.chatMuted ? 'Allow chat' : 'Mute chat';
  return el('button', {
    className: 'roster-chat-mute',
    text,
    attrs: { type: 'button', 'aria-pressed': String(entry.chatMuted), 'aria-label': `${text} for ${entry.name}` },
  });
}
