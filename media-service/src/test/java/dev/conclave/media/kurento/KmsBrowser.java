package dev.conclave.media.kurento;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.kurento.KmsExchange.BrowserInput;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/**
 * A browser made of a WebRTC endpoint on a real media server, on a connection of its own (never the adapter's):
 * its offer comes from {@code generateOffer}, its candidates from {@code gatherCandidates} — the same SDP and
 * candidate lines a browser's peer connection trades with Kurento. Given the adapter's answer and candidates it
 * completes ICE with the adapter's endpoint.
 */
final class KmsBrowser implements Browser, AutoCloseable {

    private final KurentoClient kurento;
    private final Map<String, WebRtcEndpoint> peers = new LinkedHashMap<>();
    private final Map<String, BrowserInput> inputs = new LinkedHashMap<>();
    private MediaPipeline pipeline;

    private KmsBrowser(KurentoClient kurento) {
        this.kurento = kurento;
    }

    static KmsBrowser on(URI kms) {
        return new KmsBrowser(KurentoClient.create(kms.toString()));
    }

    /** The version the media server reports. */
    String kmsVersion() {
        return kurento.getServerManager().getInfo().getVersion();
    }

    @Override
    public synchronized BrowserInput input(String name) {
        BrowserInput known = inputs.get(name);
        if (known != null) {
            return known;
        }
        if (pipeline == null) {
            pipeline = kurento.createMediaPipeline();
            pipeline.setName("conclave-test-browsers");
        }
        WebRtcEndpoint peer = new WebRtcEndpoint.Builder(pipeline).build();
        List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
        CountDownLatch gathered = new CountDownLatch(1);
        peer.addIceCandidateFoundListener(event -> candidates.add(new IceCandidate(event.getCandidate()
                .getCandidate(), event.getCandidate().getSdpMid(), event.getCandidate().getSdpMLineIndex())));
        peer.addIceGatheringDoneListener(event -> gathered.countDown());
        String offer = peer.generateOffer();
        peer.gatherCandidates();
        try {
            if (!gathered.await(EventLog.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("browser '" + name + "' gathered no candidates in " + EventLog.PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        BrowserInput input = new BrowserInput(offer, candidates);
        peers.put(name, peer);
        inputs.put(name, input);
        return input;
    }

    @Override
    public synchronized void answered(String name, String sdpAnswer, EndpointKey endpoint, EventLog events) {
        WebRtcEndpoint peer = peers.get(name);
        peer.processAnswer(sdpAnswer);
        events.forward(endpoint, candidate -> peer.addIceCandidate(new org.kurento.client.IceCandidate(
                candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex())));
    }

    /** The offers and candidates handed out so far, by name, in the order asked for. */
    synchronized Map<String, BrowserInput> inputs() {
        return new LinkedHashMap<>(inputs);
    }

    /** Another client's view of an object: a check that does not go through the adapter. */
    <T extends MediaObject> T lookUp(String id, Class<T> type) {
        return kurento.getById(id, type);
    }

    /** Releases the pipelines whose name starts with {@code prefix}: what tests left on the media server. */
    void releasePipelinesNamed(String prefix) {
        for (MediaPipeline found : kurento.getServerManager().getPipelines()) {
            try {
                if (found.getName().startsWith(prefix)) {
                    found.release();
                }
            } catch (RuntimeException e) {
                // released meanwhile
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (pipeline != null) {
                pipeline.release();
            }
        } finally {
            kurento.destroy();
        }
    }
}
