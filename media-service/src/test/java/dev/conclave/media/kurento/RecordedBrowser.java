package dev.conclave.media.kurento;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.kurento.KmsExchange.BrowserInput;
import java.util.Map;

/** The browser side as recorded: its offers and candidates from the recording; answers go nowhere. */
record RecordedBrowser(Map<String, BrowserInput> inputs) implements Browser {

    @Override
    public BrowserInput input(String name) {
        BrowserInput input = inputs.get(name);
        if (input == null) {
            throw new AssertionError("the recording has no browser input '" + name + "'; re-record it");
        }
        return input;
    }

    @Override
    public void answered(String name, String sdpAnswer, EndpointKey endpoint, EventLog events) {
    }
}
