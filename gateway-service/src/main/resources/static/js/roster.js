/**
 * The participant list (`#participants`) and its count.
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
 */

/**
 * Re-renders the list; cheap for the at most 16 members of a room.
 * @param {HTMLElement} list `#participants`
 * @param {HTMLElement} count `#participant-count`
 * @param {RosterEntry[]} entries yourself first, then in joining order
 */
export function renderRoster(list, count, entries) {
  list.replaceChildren(...entries.map(rosterItem));
  count.textContent = String(entries.length);
}

function rosterItem(entry) {
  const avatar = el('span', { className: 'roster-avatar', text: initials(entry.name), attrs: { 'aria-hidden': 'true' } });
  avatar.style.setProperty('--hue', String(hueFor(entry.id)));
  const name = el('span', { className: 'roster-name', text: entry.name });
  if (entry.self) name.append(el('span', { className: 'roster-you', text: ' (you)' }));
  const item = el('li', { className: 'roster-item' }, [avatar, name, statusIcons(entry)]);
  item.dataset.participantId = entry.id;
  return item;
}

function statusIcons(entry) {
  const box = el('span', { className: 'roster-status' });
  const states = [];
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
  if (states.length > 0) box.append(el('span', { className: 'visually-hidden', text: `: ${states.join(', ')}` }));
  return box;
}
