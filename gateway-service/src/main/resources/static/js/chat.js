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

/** @param {HTMLElement} log */
export function clearChat(log) {
  log.replaceChildren();
}
