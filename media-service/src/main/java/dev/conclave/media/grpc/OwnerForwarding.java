package dev.conclave.media.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a room's call to the replica that owns it, on one channel per replica, within what is left of the
 * caller's deadline (8 s at most). A forwarded call is marked ({@code conclave-forwarded-by}), so the replica it
 * reaches serves it or refuses it and never forwards it again.
 */
final class OwnerForwarding implements AutoCloseable {

    private static final Metadata.Key<String> FORWARDED_BY = Metadata.Key.of("conclave-forwarded-by",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> FORWARDED = Context.key("conclave-forwarded-by");
    private static final long MAX_MILLIS = 8_000;

    private final String self;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    OwnerForwarding(String self) {
        this.self = self;
    }

    /** Whether the call being served was forwarded by another replica. */
    static boolean forwarded() {
        return FORWARDED.get() != null;
    }

    /** Puts the caller's {@code conclave-forwarded-by} header where {@link #forwarded} finds it. */
    static ServerInterceptor marker() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                String by = headers.get(FORWARDED_BY);
                return by == null ? next.startCall(call, headers)
                        : Contexts.interceptCall(Context.current().withValue(FORWARDED, by), call, headers, next);
            }
        };
    }

    <Q, R> R forward(String address, MethodDescriptor<Q, R> method, Q request) {
        Deadline callers = Context.current().getDeadline();
        Deadline ours = Deadline.after(MAX_MILLIS, TimeUnit.MILLISECONDS);
        Deadline deadline = callers == null || ours.isBefore(callers) ? ours : callers;
        Metadata headers = new Metadata();
        headers.put(FORWARDED_BY, self);
        // not the caller's context: its cancellation would otherwise end the forwarded call with an odd status
        Context detached = Context.ROOT;
        Context previous = detached.attach();
        try {
            return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel(address),
                            MetadataUtils.newAttachHeadersInterceptor(headers)), method,
                    CallOptions.DEFAULT.withDeadline(deadline), request);
        } finally {
            detached.detach(previous);
        }
    }

    private io.grpc.Channel channel(String address) {
        return channels.computeIfAbsent(address, target -> NettyChannelBuilder.forTarget(target).usePlaintext()
                .keepAliveTime(30, TimeUnit.SECONDS).keepAliveWithoutCalls(true).build());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
