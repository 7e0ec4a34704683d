package dev.conclave.media.kurento;

import static dev.conclave.media.kurento.KmsRecordings.UUIDS;
import static dev.conclave.media.kurento.KmsRecordings.bare;
import static dev.conclave.media.kurento.KmsRecordings.uuidsOf;
import static dev.conclave.media.kurento.KmsRecordings.withId;
import static dev.conclave.media.kurento.KmsRecordings.withoutSession;

import dev.conclave.media.kurento.KmsRecordings.Exchange;
import dev.conclave.media.kurento.KmsRecordings.Family;
import dev.conclave.media.kurento.KmsRecordings.Reading;
import dev.conclave.media.kurento.KmsRecordings.Recording;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for a Kurento Media Server made only of what real ones answered ({@code kms-exchanges/*.json}): unlike
 * {@link KmsReplayServer}, which plays one conversation once, it answers any request that matches a recorded request
 * — the same method and params — with the recorded answer and the events KMS sent after it, as often as asked, on
 * any number of connections. So it can stand behind the worker registry, which probes every 2 s and connects afresh
 * after a worker was lost.
 *
 * <p>Ids: every id KMS handed out (sessions, pipelines, endpoints, subscriptions) is a UUID. Each one the responder
 * hands out is fresh, and stands for the recorded one in the answer it came from; a later request naming it is
 * matched as the recorded request naming the recorded id, and its answer carries the fresh ids again. The ids
 * handed out together (a pipeline, its endpoints and their subscriptions) form one family, which follows one
 * recording: a request that names ids of two families, an id never handed out, or anything no recording of that
 * family has is refused with a JSON-RPC error ({@link #NOT_RECORDED}) and noted in {@link #refusals()}, so an adapter
 * that asks something else than it did when recorded cannot pass. Within a family the recording is read in order:
 * a request matches the first equal recorded request after the one it matched last (the same one again when there
 * is no later one), so KMS's answers keep their order (a pipeline's name, its release, then "not found").
 *
 * <p>Until a family's second request tells the recordings apart (a pipeline's name names its room), it follows every
 * recording whose answers so far are alike but for their ids. The Kurento client's heartbeat ({@code ping}) is
 * answered with KMS's recorded pong. Nothing else is ever made up: the only changes to a recorded answer are its
 * JSON-RPC id and the UUIDs.
 */
public final class KmsResponder extends WebSocketServer implements AutoCloseable {

    /** JSON-RPC "server error" range; KMS's own codes are 40000 and up, so this one cannot be mistaken for one. */
    public static final int NOT_RECORDED = -32098;

    private final List<Recording> recordings;
    private final JsonNode pong;
    /** Every recorded session id: in answers each becomes the session of the connection answered. */
    private final Set<String> recordedSessions = new HashSet<>();
    private final Set<String> sessions = new HashSet<>();
    private final Map<String, Family> families = new HashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Object lock = new Object();

    private KmsResponder(List<KmsExchange> exchanges) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.recordings = exchanges.stream().map(Recording::new).toList();
        this.pong = exchanges.stream().map(KmsExchange::pong).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no recording has KMS's answer to a heartbeat"));
        for (KmsExchange exchange : exchanges) {
            exchange.frames().stream().filter(frame -> !frame.toKms())
                    .map(frame -> frame.message().path("result").path("sessionId").asString(""))
                    .filter(session -> !session.isEmpty()).forEach(recordedSessions::add);
        }
        setReuseAddr(true);
        setConnectionLostTimeout(0);
    }

    /** A responder answering from {@code kms-exchanges/<file>.json} of each file named, listening on loopback. */
    public static KmsResponder answeringFrom(String... files) {
        List<KmsExchange> exchanges = new ArrayList<>();
        for (String file : files) {
            try {
                exchanges.add(KmsExchange.read(Path.of(KmsResponder.class.getResource("/kms-exchanges/" + file
                        + ".json").toURI())));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        KmsResponder responder = new KmsResponder(exchanges);
        responder.start();
        try {
            if (!responder.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the KMS responder did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return responder;
    }

    /** Every recording there is. */
    public static KmsResponder answeringFromEveryRecording() {
        return answeringFrom("probe", "publish", "subscribe", "add-ice-candidate", "release", "released-pipeline",
                "rejected-offer");
    }

    public URI url() {
        return URI.create("ws://127.0.0.1:" + getPort() + "/kurento");
    }

    /** Requests it had no recording for, with why: empty unless the adapter asked something it never recorded. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Requests answered (the heartbeat included). */
    public int answered() {
        return answered.get();
    }

    /** Connections opened to it so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket client, ClientHandshake handshake) {
        connections.incrementAndGet();
    }

    @Override
    public void onMessage(WebSocket client, String text) {
        List<JsonNode> reply;
        synchronized (lock) {
            reply = answer(client, KmsExchange.parse(text));
        }
        for (JsonNode message : reply) {
            if (client.isOpen()) {
                client.send(KmsExchange.text(message));
            }
        }
    }

    @Override
    public void onClose(WebSocket client, int code, String reason, boolean remote) {
    }

    @Override
    public void onError(WebSocket client, Exception e) {
        started.countDown();
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }

    private List<JsonNode> answer(WebSocket client, JsonNode request) {
        JsonNode id = request.get("id");
        String method = request.path("method").asString("");
        JsonNode params = request.path("params");
        String session = params.path("sessionId").asString(null);
        if (session != null && !sessions.contains(session)) {
            return refuse(id, "a session it never handed out: " + brief(request));
        }
        if (session == null) {
            session = client.<String>getAttachment();
        }
        if (session == null) {
            session = UUID.randomUUID().toString();
            sessions.add(session);
        }
        client.setAttachment(session);
        if ("ping".equals(method)) {
            answered.incrementAndGet();
            return List.of(withSession(withId(pong, id), session));
        }
        String asked = KmsExchange.text(withoutSession(params));
        Set<Family> named = new HashSet<>();
        Matcher uuids = UUIDS.matcher(asked);
        while (uuids.find()) {
            Family family = families.get(uuids.group());
            if (family == null) {
                return refuse(id, "an id it never handed out (" + uuids.group() + "): " + brief(request));
            }
            named.add(family);
        }
        if (named.size() > 1) {
            return refuse(id, "ids of objects from different recordings: " + brief(request));
        }
        Family family = named.isEmpty() ? new Family(recordings) : named.iterator().next();
        Map<Reading, Integer> matches = new LinkedHashMap<>();
        for (Reading reading : family.readings) {
            int match = reading.match(method, asked);
            if (match >= 0) {
                matches.put(reading, match);
            }
        }
        if (matches.isEmpty()) {
            return refuse(id, "no recording has this request: " + brief(request));
        }
        Reading chosen = matches.keySet().iterator().next();
        Exchange recorded = chosen.recording.exchanges.get(matches.get(chosen));
        List<JsonNode> reply = new ArrayList<>();
        reply.add(withId(recorded.answer(), id));
        reply.addAll(recorded.events());
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode message : reply) {
            String handedOut = chosen.handOut(KmsExchange.text(message), recordedSessions, family, families);
            fresh.add(withSession(KmsExchange.parse(sessionsReplaced(handedOut, session)), session));
        }
        List<String> handedOut = idsOf(fresh.get(0));
        List<Reading> alike = new ArrayList<>();
        for (Map.Entry<Reading, Integer> match : matches.entrySet()) {
            Reading reading = match.getKey();
            if (reading == chosen || reading.alignAnswer(reading.recording.exchanges.get(match.getValue()).answer(),
                    recorded.answer(), handedOut)) {
                reading.position = match.getValue();
                alike.add(reading);
            }
        }
        family.readings = alike;
        answered.incrementAndGet();
        return fresh;
    }

    private List<JsonNode> refuse(JsonNode id, String problem) {
        refusals.add(problem);
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", id);
        error.putObject("error").put("code", NOT_RECORDED).put("message", "no recorded answer: " + problem);
        return List.of(error);
    }

    /** Recorded session ids replaced by {@code session}. */
    private String sessionsReplaced(String text, String session) {
        String replaced = text;
        for (String recorded : recordedSessions) {
            replaced = replaced.replace(recorded, session);
        }
        return replaced;
    }

    /** The ids in an answer, in order, without its JSON-RPC id and session id. */
    private static List<String> idsOf(JsonNode answer) {
        return uuidsOf(KmsExchange.text(bare(answer)));
    }

    /** A recorded answer's session id (if it has one) is the connection's. */
    private static JsonNode withSession(JsonNode message, String session) {
        if (message.path("result").has("sessionId")) {
            ObjectNode copy = (ObjectNode) message.deepCopy();
            ((ObjectNode) copy.get("result")).put("sessionId", session);
            return copy;
        }
        return message;
    }

    private static String brief(JsonNode message) {
        String text = KmsExchange.text(message).replaceAll("\"(v=0[^\"]{0,60})[^\"]*\"", "\"$1…\"");
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
