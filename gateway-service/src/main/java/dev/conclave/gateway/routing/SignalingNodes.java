package dev.conclave.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.RandomLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.core.publisher.Flux;

/**
 * The signaling nodes the gateway balances over: the configured list, less the nodes whose readiness check fails
 * (checked every {@code spring.cloud.loadbalancer.health-check.interval}) and those that just refused a connection
 * ({@link RefusedNodes}). A client
 * that lands on a node just going down reconnects and resumes on another. Picks are random, not round-robin: a
 * round-robin shared by every route lines up with a client's fixed sequence of calls (say, a guest token, then the
 * socket) and can put every socket on the same node. Load-balancer client configuration: not a component of the
 * application context.
 */
class SignalingNodes {

    static final String SERVICE = "signaling";

    @Bean
    ReactorLoadBalancer<ServiceInstance> signalingBalancer(ObjectProvider<ServiceInstanceListSupplier> instances) {
        return new RandomLoadBalancer(instances, SERVICE);
    }

    @Bean
    ServiceInstanceListSupplier signalingInstances(ConfigurableApplicationContext context, UpstreamProperties upstreams,
                                                   RefusedNodes refused) {
        List<ServiceInstance> nodes = IntStream.range(0, upstreams.signaling().size())
                .mapToObj(index -> instance(index, upstreams.signaling().get(index))).toList();
        ServiceInstanceListSupplier configured = new ServiceInstanceListSupplier() {
            @Override
            public String getServiceId() {
                return SERVICE;
            }

            @Override
            public Flux<List<ServiceInstance>> get() {
                return Flux.just(nodes);
            }
        };
        return ServiceInstanceListSupplier.builder().withBase(configured)
                .withHealthChecks(WebClient.builder()
                        .clientConnector(new ReactorClientHttpConnector(UpstreamDns.resolvingAgain(HttpClient.create())))
                        .build())
                .with((ignored, healthy) -> new ServiceInstanceListSupplier() {
                    @Override
                    public String getServiceId() {
                        return SERVICE;
                    }

                    @Override
                    public Flux<List<ServiceInstance>> get() {
                        return healthy.get().map(refused::without);
                    }
                })
                .build(context);
    }

    private static ServiceInstance instance(int index, URI uri) {
        return new DefaultServiceInstance(SERVICE + "-" + (index + 1), SERVICE, uri.getHost(), uri.getPort(),
                "https".equalsIgnoreCase(uri.getScheme()));
    }
}
