package dev.conclave.media.events;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.RoomId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signaling node that asked for each endpoint (the one serving its participant then): the media server's ICE
 * candidates for an endpoint go to that node's event stream only. An endpoint of no known node (made before nodes
 * were named) has its events sent to every node.
 */
public final class EndpointNodes {

    private final Map<EndpointKey, String> nodes = new ConcurrentHashMap<>();

    public void assign(EndpointKey endpoint, String node) {
        if (node == null || node.isEmpty()) {
            nodes.remove(endpoint);
        } else {
            nodes.put(endpoint, node);
        }
    }

    public void forget(EndpointKey endpoint) {
        nodes.remove(endpoint);
    }

    public void forgetRoom(RoomId room) {
        nodes.keySet().removeIf(endpoint -> endpoint.room().equals(room));
    }

    /** The node of the endpoint, or empty for every node. */
    public String nodeOf(EndpointKey endpoint) {
        return nodes.getOrDefault(endpoint, "");
    }
}
