/**
 * Pure view models: what a tile or a roster entry shows, from call state.
 * @module views
 */

/**
 * @typedef {object} RemoteState
 * @property {MediaStream | null} stream
 * @property {string} iceState
 * @property {boolean} screen
 */

/**
 * A participant as the page knows it: the server's ParticipantInfo, plus what
 * notifications said since.
 * @typedef {import('./conclave-client.js').ParticipantInfo & {reconnecting?: boolean, chatMuted?: boolean,
 *   speaking?: boolean, quality?: 'good' | 'fair' | 'poor'}} Participant
 */

/**
 * Your own tile.
 * @param {Participant} info
 * @param {import('./media.js').LocalMedia} media
 * @returns {import('./tiles.js').TileView}
 */
export function localTileView(info, media) {
  return {
    id: info.id,
    name: info.name,
    label: 'You',
    local: true,
    stream: media.previewStream,
    videoOn: media.sharingScreen || !media.cameraOff,
    audioMuted: media.audioMuted,
    screen: media.sharingScreen,
    handRaised: Boolean(info.handRaisedAt),
    speaking: info.speaking === true && !media.audioMuted,
    quality: info.quality ?? null,
  };
}

/**
 * A remote participant's tile. `videoOn` says whether a picture is expected:
 * there is a live video track and the camera is on or the screen is shared.
 * The tile shows it once frames are actually decoded (see tiles.js): the
 * track's `muted` flag cannot tell, as Chromium leaves it set after the
 * rollback that perfect negotiation performs on an offer collision.
 * @param {Participant} info
 * @param {RemoteState} remote
 * @returns {import('./tiles.js').TileView}
 */
export function remoteTileView(info, remote) {
  const video = remote.stream?.getVideoTracks()[0];
  const live = Boolean(video) && video.readyState === 'live';
  return {
    id: info.id,
    name: info.name,
    label: info.name,
    local: false,
    stream: remote.stream,
    videoOn: live && (remote.screen || !info.videoMuted),
    audioMuted: info.audioMuted,
    screen: remote.screen,
    reconnecting: info.reconnecting === true,
    iceState: remote.iceState,
    handRaised: Boolean(info.handRaisedAt),
    speaking: info.speaking === true && !info.audioMuted,
    quality: info.quality ?? null,
  };
}

/**
 * @param {Participant} info
 * @param {{self: boolean, screen: boolean, moderator: boolean}} state `moderator`:
 *   whether you may moderate this participant: mute its microphone, camera or
 *   chat, lower its hand, remove it
 * @returns {import('./roster.js').RosterEntry}
 */
export function rosterEntry(info, { self, screen, moderator }) {
  return {
    id: info.id,
    name: info.name,
    self,
    audioMuted: info.audioMuted,
    videoMuted: info.videoMuted,
    screen,
    reconnecting: info.reconnecting === true,
    chatMuted: info.chatMuted === true,
    canMuteChat: moderator && !self,
    handRaisedAt: info.handRaisedAt ?? null,
    canLowerHand: moderator && !self,
    canModerate: moderator && !self,
  };
}
