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
 * @property {boolean} canModerate whether to offer the moderator's "Mute", "Stop video" and "Remove" buttons
 */

/**
 * Re-renders the list; cheap for the at most 16 members of a room. Keeps the
 * focus on a participant's button across the re-render (or, when that button
 * is gone — "Mute" once muted — on the entry's first button).
 * @param {HTMLElement} list `#participants`
 * @param {HTMLElement} count `#participant-count`
 * @param {RosterEntry[]} entries raised hands first (earliest first), then yourself, then in joining order
 */
export function renderRoster(list, count, entries) {
  const active = list.contains(document.activeElement) ? document.activeElement : null;
  const focused = active?.closest('li')?.dataset.participantId ?? null;
  const action = active?.dataset.action ?? null;
  list.replaceChildren(...entries.map(rosterItem));
  count.textContent = String(entries.length);
  if (focused !== null) {
    const item = [...list.children].find((each) => each.dataset.participantId === focused);
    (item?.querySelector(`[data-action="${action}"]`) ?? item?.querySelector('button'))?.focus();
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
 * Wires the moderator's "Mute", "Stop video" and "Remove" buttons (by delegation).
 * @param {HTMLElement} list `#participants`
 * @param {object} actions
 * @param {(participantId: string, kind: 'audio' | 'video') => Promise<unknown>} actions.mute
 * @param {(participantId: string, name: string) => Promise<unknown>} actions.remove asks first
 * @param {AbortSignal} signal removes the listeners
 */
export function bindModeratorButtons(list, { mute, remove }, signal) {
  bindRosterButtons(list, '.roster-mute', (participantId, button) => mute(participantId, button.dataset.kind), signal);
  bindRosterButtons(list, '.roster-remove',
    (participantId, button) => remove(participantId, button.closest('li').dataset.name ?? ''), signal);
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
  const actions = moderatorButtons(entry);
  if (actions.length > 0) {
    item.append(el('div', { className: 'roster-actions', attrs: { role: 'group', 'aria-label': `Moderate ${entry.name}` } },
      actions));
  }
  item.dataset.participantId = entry.id;
  item.dataset.name = entry.name;
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

/**
 * What a moderator may do to this participant now: lower its raised hand,
 * mute its microphone, stop its camera (never turn them back on: that is
 * theirs to do), mute or allow its chat, remove it.
 */
function moderatorButtons(entry) {
  const buttons = [];
  const button = (className, action, text, label, attrs = {}) => buttons.push(el('button', {
    className: `roster-action ${className}`,
    text,
    attrs: { type: 'button', 'data-action': action, 'aria-label': label, ...attrs },
  }));
  if (entry.canLowerHand && entry.handRaisedAt) {
    button('roster-lower-hand', 'lower-hand', 'Lower hand', `Lower ${entry.name}'s hand`);
  }
  if (entry.canModerate && !entry.audioMuted) {
    button('roster-mute', 'mute-audio', 'Mute', `Mute ${entry.name}'s microphone`, { 'data-kind': 'audio' });
  }
  if (entry.canModerate && !entry.videoMuted) {
    button('roster-mute', 'mute-video', 'Stop video', `Stop ${entry.name}'s camera`, { 'data-kind': 'video' });
  }
  if (entry.canMuteChat) {
    const text = entry.chatMuted ? 'Allow chat' : 'Mute chat';
    button('roster-chat-mute', 'chat', text, `${text} for ${entry.name}`, { 'aria-pressed': String(entry.chatMuted) });
  }
  if (entry.canModerate) button('roster-remove', 'remove', 'Remove', `Remove ${entry.name} from the meeting`);
  return buttons;
}
