package dev.conclave.media.kurento;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.kurento.KmsExchange.BrowserInput;

/**
 * The browser side of a scenario: what a browser offers and what it does with the media server's answer. Live, it
 * is a WebRTC endpoint on a real media server ({@link KmsBrowser}); in a replay, what that endpoint brought when
 * the scenario was recorded ({@link RecordedBrowser}).
 */
interface Browser {

    /** The offer and candidates of the browser named {@code name} (e.g. "publisher"); the same on every call. */
    BrowserInput input(String name);

    /** The media server answered {@code name}'s offer; its candidates for {@code endpoint} arrive in {@code events}. */
    void answered(String name, String sdpAnswer, EndpointKey endpoint, EventLog events);
}
