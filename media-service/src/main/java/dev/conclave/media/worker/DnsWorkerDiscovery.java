package dev.conclave.media.worker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers from a DNS name that resolves to every one of them — a Kubernetes headless Service in front of the KMS
 * pods ({@code kms.conclave.svc.cluster.local:8888}). Each address becomes worker {@code kms-<address>}; an address
 * that disappears is removed (its rooms move, as for a lost worker). Configured workers are left alone.
 */
public class DnsWorkerDiscovery {

    /** Resolves a host name to its addresses (the JDK's resolver; tests give their own). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private static final Logger log = LoggerFactory.getLogger(DnsWorkerDiscovery.class);

    private final MediaWorkers workers;
    private final String host;
    private final int port;
    private final Resolver resolver;
    private final Set<WorkerId> discovered = ConcurrentHashMap.newKeySet();

    public DnsWorkerDiscovery(MediaWorkers workers, String hostAndPort, Resolver resolver) {
        this.workers = workers;
        int colon = hostAndPort.lastIndexOf(':');
        this.host = hostAndPort.substring(0, colon);
        this.port = Integer.parseInt(hostAndPort.substring(colon + 1));
        this.resolver = resolver;
    }

    public static Resolver systemResolver() {
        return host -> Arrays.asList(InetAddress.getAllByName(host));
    }

    /** Resolves the name again: new addresses join, vanished ones leave. A failed lookup changes nothing. */
    public void refresh() {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            log.warn("cannot resolve media workers at {}: {}; keeping the {} known", host, e.getMessage(),
                    discovered.size());
            return;
        }
        Set<WorkerId> now = addresses.stream().map(address -> {
            WorkerId id = new WorkerId("kms-" + address.getHostAddress().replace(':', '-'));
            String literal = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
            workers.add(id, URI.create("ws://" + literal + ":" + port + "/kurento"));
            return id;
        }).collect(Collectors.toSet());
        for (WorkerId gone : Set.copyOf(discovered)) {
            if (!now.contains(gone)) {
                workers.remove(gone);
                discovered.remove(gone);
            }
        }
        discovered.addAll(now);
    }
}
