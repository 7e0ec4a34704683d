package dev.conclave.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each service of a platform on one machine is told about the others: their addresses, the database, the
 * shared secrets and API clients, what webhooks may not call — then the options' own properties, which win.
 */
final class ServiceWiring {

    static final String SIGNALING_CLIENT_ID = "signaling-service";
    /** An API client with every room-management scope, for trying the REST API locally. */
    static final String LOCAL_BACKEND_CLIENT_ID = "local-backend";

    private final PlatformOptions options;
    private final Map<Service, Integer> ports;
    private final List<Integer> signalingPorts;
    private final List<Integer> mediaGrpcPorts;
    private final int gatewayManagementPort;
    private final Database database;
    private final LocalSecrets secrets;

    ServiceWiring(PlatformOptions options, Map<Service, Integer> ports, List<Integer> signalingPorts,
                  List<Integer> mediaGrpcPorts, int gatewayManagementPort, Database database, LocalSecrets secrets) {
        this.options = options;
        this.ports = Map.copyOf(ports);
        this.signalingPorts = List.copyOf(signalingPorts);
        this.mediaGrpcPorts = List.copyOf(mediaGrpcPorts);
        this.gatewayManagementPort = gatewayManagementPort;
        this.database = database;
        this.secrets = secrets;
    }

    /** The page's address through the gateway on {@code port}. */
    static String gatewayUrl(int port) {
        return "http://localhost:" + port + "/";
    }

    /** The properties a service (one node or replica of it, to which the caller adds its own) starts with. */
    Map<String, String> properties(Service service) {
        String authUrl = "http://127.0.0.1:" + ports.get(Service.AUTH);
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", Integer.toString(ports.get(service)));
        switch (service) {
            case AUTH -> {
                putDatabase(properties);
                properties.put("conclave.auth.issuer", authUrl);
                properties.put("conclave.auth.signing.key-encryption-secret", secrets.keyEncryptionSecret());
                properties.put("conclave.auth.bootstrap.clients[0].client-id", SIGNALING_CLIENT_ID);
                properties.put("conclave.auth.bootstrap.clients[0].client-secret", secrets.signalingClientSecret());
                properties.put("conclave.auth.bootstrap.clients[0].scopes[0]", "join-tokens:mint");
                properties.put("conclave.auth.bootstrap.clients[1].client-id", LOCAL_BACKEND_CLIENT_ID);
                properties.put("conclave.auth.bootstrap.clients[1].client-secret", secrets.backendClientSecret());
                properties.put("conclave.auth.bootstrap.clients[1].scopes", "rooms:read,rooms:write,webhooks:manage");
                properties.put("conclave.auth.admin.password", secrets.adminPassword());
            }
            case MEDIA -> {
                putDatabase(properties);
                properties.put("conclave.media.grpc.address", "127.0.0.1");
                for (int worker = 0; worker < options.kmsUrls().size(); worker++) {
                    properties.put("conclave.media.workers[" + worker + "].id", "kms-" + (worker + 1));
                    properties.put("conclave.media.workers[" + worker + "].url",
                            options.kmsUrls().get(worker).toString());
                }
            }
            case SIGNALING -> {
                putDatabase(properties);
                if (options.hasMedia()) {
                    properties.put("conclave.signaling.media.target", mediaGrpcPorts.stream()
                            .map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
                }
                properties.put("conclave.signaling.join-tokens.auth-uri", authUrl);
                properties.put("conclave.signaling.join-tokens.issuer", authUrl);
                properties.put("spring.security.oauth2.client.registration.auth-service.client-id", SIGNALING_CLIENT_ID);
                properties.put("spring.security.oauth2.client.registration.auth-service.client-secret",
                        secrets.signalingClientSecret());
                properties.put("conclave.signaling.api.public-url", gatewayUrl(ports.get(Service.GATEWAY)));
                properties.put("conclave.signaling.forwarding-secret", secrets.forwardingSecret());
                int target = 0;
                for (int platformPort : List.of(ports.get(Service.GATEWAY), ports.get(Service.AUTH))) {
                    for (String host : List.of("127.0.0.1", "localhost")) {
                        properties.put("conclave.signaling.webhooks.forbidden-targets[" + target++ + "]",
                                host + ":" + platformPort);
                    }
                }
            }
            case GATEWAY -> {
                properties.put("conclave.gateway.upstreams.signaling", signalingPorts.stream()
                        .map(port -> "http://127.0.0.1:" + port).collect(Collectors.joining(",")));
                properties.put("conclave.gateway.upstreams.auth", authUrl);
                properties.put("conclave.gateway.forwarding-secret", secrets.forwardingSecret());
                properties.put("management.server.port", Integer.toString(gatewayManagementPort));
            }
        }
        properties.putAll(options.properties().getOrDefault(service, Map.of()));
        return properties;
    }

    private void putDatabase(Map<String, String> properties) {
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
    }
}
