package dev.conclave.signaling.grpc;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel target naming several {@code host:port} at once ({@code address-list:///h1:p1,h2:p2}), each looked up
 * again whenever the channel asks: for media-service replicas without a DNS name listing them all (the local run,
 * compose with one service per replica). gRPC has no such resolver of its own.
 */
public final class AddressListNameResolver extends NameResolver {

    static final String SCHEME = "address-list";

    private final List<String> targets;
    private Listener2 listener;

    private AddressListNameResolver(List<String> targets) {
        this.targets = targets;
    }

    /** The channel target for {@code target}: as it is for one {@code host:port}, an address list for several. */
    public static String channelTarget(String target) {
        if (!target.contains(",")) {
            return target;
        }
        Provider.registerOnce();
        return SCHEME + ":///" + target;
    }

    @Override
    public String getServiceAuthority() {
        return targets.get(0);
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        resolve();
    }

    private void resolve() {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (String target : targets) {
            int colon = target.lastIndexOf(':');
            SocketAddress address = new InetSocketAddress(target.substring(0, colon),
                    Integer.parseInt(target.substring(colon + 1)));
            if (!((InetSocketAddress) address).isUnresolved()) {
                groups.add(new EquivalentAddressGroup(address));
            }
        }
        if (groups.isEmpty()) {
            listener.onError(Status.UNAVAILABLE.withDescription("none of " + targets + " resolves"));
        } else {
            listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
        }
    }

    @Override
    public void shutdown() {
    }

    static final class Provider extends NameResolverProvider {

        private static volatile boolean registered;

        static synchronized void registerOnce() {
            if (!registered) {
                NameResolverRegistry.getDefaultRegistry().register(new Provider());
                registered = true;
            }
        }

        @Override
        public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
            if (!SCHEME.equals(uri.getScheme())) {
                return null;
            }
            return new AddressListNameResolver(List.of(uri.getPath().substring(1).split(",")));
        }

        @Override
        public String getDefaultScheme() {
            return SCHEME;
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 5;
        }
    }
}
