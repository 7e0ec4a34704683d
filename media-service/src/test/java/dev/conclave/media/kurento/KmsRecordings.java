package dev.conclave.media.kurento;

import dev.conclave.media.kurento.KmsExchange.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The recorded real-KMS conversations as {@link KmsResponder} reads them: each recording as its requests with what
 * came back, and a family of objects handed out together read along the recordings, its fresh ids standing for the
 * recorded ones. Also the message surgery both need (ids, sessions).
 */
final class KmsRecordings {

    static final Pattern UUIDS =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private KmsRecordings() {
    }

    static JsonNode bare(JsonNode answer) {
        ObjectNode copy = (ObjectNode) withId(answer, null);
        if (copy.get("result") instanceof ObjectNode result) {
            result.remove("sessionId");
        }
        return copy;
    }

    static JsonNode withId(JsonNode message, JsonNode id) {
        ObjectNode copy = (ObjectNode) message.deepCopy();
        if (id == null) {
            copy.remove("id");
        } else {
            copy.set("id", id);
        }
        return copy;
    }

    static JsonNode withoutSession(JsonNode params) {
        if (!params.isObject() || !params.has("sessionId")) {
            return params;
        }
        ObjectNode copy = (ObjectNode) params.deepCopy();
        copy.remove("sessionId");
        return copy;
    }

    static List<String> uuidsOf(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = UUIDS.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** One recorded request with KMS's answer and the events KMS sent before the adapter's next request. */
    record Exchange(String method, String params, JsonNode answer, List<JsonNode> events) {
    }

    /** A recording as its requests, in order, each with what came back. */
    static final class Recording {

        final List<Exchange> exchanges = new ArrayList<>();

        Recording(KmsExchange exchange) {
            List<Frame> frames = exchange.conversation();
            for (int i = 0; i < frames.size(); i++) {
                Frame request = frames.get(i);
                if (!request.toKms()) {
                    continue;
                }
                JsonNode answer = frames.stream().filter(frame -> !frame.toKms() && !frame.message().has("method")
                        && frame.id().isPresent() && frame.id().equals(request.id())).findFirst()
                        .map(Frame::message).orElse(null);
                if (answer == null) {
                    continue;
                }
                List<JsonNode> events = new ArrayList<>();
                for (int j = i + 1; j < frames.size() && !frames.get(j).toKms(); j++) {
                    if (frames.get(j).message().has("method")) {
                        events.add(frames.get(j).message());
                    }
                }
                exchanges.add(new Exchange(request.method(),
                        KmsExchange.text(withoutSession(request.message().path("params"))), answer, events));
            }
        }
    }

    /** Objects handed out together, and the recordings they may still be following. */
    static final class Family {

        List<Reading> readings;

        Family(List<Recording> recordings) {
            readings = recordings.stream().map(Reading::new).toList();
        }
    }

    /** A family read as one recording: the recorded ids its fresh ones stand for, and where it is. */
    static final class Reading {

        final Recording recording;
        final Map<String, String> toFresh = new HashMap<>();
        final Map<String, String> toRecorded = new HashMap<>();
        int position = -1;

        Reading(Recording recording) {
            this.recording = recording;
        }

        /** The recorded exchange this request is, read from here; -1 when the recording has no such request. */
        int match(String method, String freshParams) {
            String params = translated(freshParams, toRecorded);
            if (params == null) {
                return -1;
            }
            int again = -1;
            for (int i = 0; i < recording.exchanges.size(); i++) {
                Exchange exchange = recording.exchanges.get(i);
                if (exchange.method.equals(method) && exchange.params.equals(params)) {
                    if (i > position) {
                        return i;
                    }
                    again = i;
                }
            }
            return again;
        }

        /** A recorded message with fresh ids: those known, and new ones for ids not handed out yet. */
        String handOut(String recorded, Set<String> sessions, Family family, Map<String, Family> families) {
            StringBuilder fresh = new StringBuilder();
            Matcher matcher = UUIDS.matcher(recorded);
            while (matcher.find()) {
                if (sessions.contains(matcher.group())) {
                    matcher.appendReplacement(fresh, matcher.group());
                    continue;
                }
                String id = toFresh.get(matcher.group());
                if (id == null) {
                    id = UUID.randomUUID().toString();
                    toFresh.put(matcher.group(), id);
                    toRecorded.put(id, matcher.group());
                }
                matcher.appendReplacement(fresh, id);
                families.put(id, family);
            }
            matcher.appendTail(fresh);
            return fresh.toString();
        }

        /**
         * Whether this reading's recorded answer is the chosen one but for its ids; if so, its ids stand for the
         * fresh ones handed out in the same places.
         */
        boolean alignAnswer(JsonNode own, JsonNode chosen, List<String> handedOut) {
            String ownText = KmsExchange.text(bare(own));
            String chosenText = KmsExchange.text(bare(chosen));
            if (!UUIDS.matcher(ownText).replaceAll("#").equals(UUIDS.matcher(chosenText).replaceAll("#"))) {
                return false;
            }
            List<String> ids = uuidsOf(ownText);
            for (int i = 0; i < ids.size(); i++) {
                String known = toFresh.get(ids.get(i));
                if (known != null && !known.equals(handedOut.get(i))) {
                    return false;
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                toFresh.put(ids.get(i), handedOut.get(i));
                toRecorded.put(handedOut.get(i), ids.get(i));
            }
            return true;
        }

        private static String translated(String text, Map<String, String> ids) {
            StringBuilder out = new StringBuilder();
            Matcher matcher = UUIDS.matcher(text);
            while (matcher.find()) {
                String id = ids.get(matcher.group());
                if (id == null) {
                    return null;
                }
                matcher.appendReplacement(out, id);
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }
}
