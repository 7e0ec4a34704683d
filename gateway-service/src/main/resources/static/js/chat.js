/**
 * The chat log (`#chat-log`).
 * @module chat
 */

import { el, timeOfDay } from './dom.js';

/** Pixels from the bottom within which the log keeps following new messages. */
const FOLLOW_THRESHOLD_PX = 48;

/**
 * @typedef {object} ChatEntry
 * @property {string} id message id (`m_…`)
 * @property {string} from sender participant id
 * @property {string} name sender display name
 * @property {string} text
 * @property {string} sentAt ISO-8601
 * @property {boolean} own whether you sent it
 * @property {boolean} [system] a message from the platform itself (an announcement)
 */

/**
 * Appends a message unless it is already shown.
 * @param {HTMLElement} log
 * @param {ChatEntry} entry
 */
export function appendChatMessage(log, entry) {
  if ([...log.children].some((node) => node.dataset.messageId === entry.id)) return;
  const follow = log.scrollHeight - log.scrollTop - log.clientHeight < FOLLOW_THRESHOLD_PX;
  const time = el('time', { className: 'chat-time', text: timeOfDay(entry.sentAt), attrs: { datetime: entry.sentAt } });
  const header = el('div', { className: 'chat-meta' }, [el('span', { className: 'chat-name', text: entry.name }), time]);
  const kind = entry.system ? 'chat-message system' : entry.own ? 'chat-message own' : 'chat-message';
  const message = el('article', { className: kind }, [
    header,
    el('p', { className: 'chat-text', text: entry.text }),
  ]);
  message.dataset.from = entry.from;
  message.dataset.messageId = entry.id;
  log.append(message);
  if (follow || entry.own) log.scrollTop = log.scrollHeight;
}

/**
 * The entry for a `message` notification (protocol.md, "Notifications").
 * @param {{id: string, from: {participantId: string, name: string} | null, system?: boolean,
 *   text: string, sentAt: string}} message
 * @returns {ChatEntry}
 */
export function receivedMessage({ id, from, system, text, sentAt }) {
  if (system || !from) return { id, from: 'system', name: 'Conclave', text, sentAt, own: false, system: true };
  return { id, from: from.participantId, name: from.name, text, sentAt, own: false };
}

/** @param {HTMLElement} log */
export function clearChat(log) {
  log.replaceChildren();
}
