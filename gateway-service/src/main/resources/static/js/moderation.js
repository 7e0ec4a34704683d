/**
 * A moderator's buttons in the People list — mute someone's microphone or
 * camera or chat, remove someone — acting through the session's current
 * client. The room answers each with its notification (`muted`, `chatMuted`,
 * `participantLeft`), which every page, this one included, shows. Lowering a
 * hand belongs with the hands (gestures.js).
 * @module moderation
 */

import { bindChatMuteButtons, bindModeratorButtons } from './roster.js';
import { errorText, showError, showNotice } from './status.js';


/**
 * @param {object} options
 * @param {HTMLElement} options.list `#participants`
 * @param {() => import('./conclave-client.js').ConclaveClient} options.client the session's current client
 * @param {() => boolean} options.online false while the connection is being got back
 * @param {import('./participants.js').ParticipantsView} options.view
 * @param {AbortSignal} options.signal removes the listeners when the call ends
 */
export function bindModeration({ list, client, online, view, signal }) {
  const act = async (action) => {
    if (!online()) {
      showNotice('Reconnecting — try again once the connection is back.');
      return;
    }
    try {
      await action();
    } catch (error) {
      showError(errorText(error));
    }
  };
  bindChatMuteButtons(list, (id, muted) => act(async () => {
    await client().muteChat(id, muted);
    view.update(id, { chatMuted: muted });
  }), signal);
  bindModeratorButtons(list, {
    mute: (id, kind) => act(() => client().muteParticipant(id, kind)),
    // No undo: ask first.
    remove: (id, name) => (window.confirm(`Remove ${name || 'this participant'} from the meeting?`)
      ? act(() => client().removeParticipant(id)) : Promise.resolve()),
  }, signal);
}
