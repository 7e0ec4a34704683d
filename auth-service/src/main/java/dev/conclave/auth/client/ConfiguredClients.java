package dev.conclave.auth.client;

import dev.conclave.auth.client.ClientBootstrapProperties.ConfiguredClient;
import dev.conclave.auth.server.AuthorizationServerProperties;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/** Makes the database's registered clients match {@code conclave.auth.bootstrap.clients} at start-up. */
@Component
class ConfiguredClients implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredClients.class);

    private final RegisteredClientRepository repository;
    private final PasswordEncoder passwordEncoder;
    private final ClientBootstrapProperties properties;
    private final AuthorizationServerProperties server;

    ConfiguredClients(RegisteredClientRepository repository, PasswordEncoder passwordEncoder,
                      ClientBootstrapProperties properties, AuthorizationServerProperties server) {
        this.repository = repository;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
        this.server = server;
    }

    @Override
    public void run(ApplicationArguments args) {
        properties.clients().forEach(this::register);
    }

    private void register(ConfiguredClient configured) {
        RegisteredClient existing = repository.findByClientId(configured.clientId());
        if (existing != null && upToDate(existing, configured)) {
            return;
        }
        RegisteredClient.Builder builder = existing == null
                ? RegisteredClient.withId(UUID.randomUUID().toString()).clientId(configured.clientId())
                : RegisteredClient.from(existing);
        RegisteredClient client = builder
                .clientName(configured.clientId())
                .clientSecret(passwordEncoder.encode(configured.clientSecret()))
                .clientAuthenticationMethods(methods -> {
                    methods.clear();
                    methods.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                    methods.add(ClientAuthenticationMethod.CLIENT_SECRET_POST);
                })
                .authorizationGrantTypes(grants -> {
                    grants.clear();
                    grants.add(AuthorizationGrantType.CLIENT_CREDENTIALS);
                })
                .scopes(scopes -> {
                    scopes.clear();
                    scopes.addAll(configured.scopes());
                })
                .tokenSettings(tokenSettings())
                .build();
        repository.save(client);
        log.info("{} client {} with scopes {}", existing == null ? "Registered" : "Updated",
                configured.clientId(), configured.scopes());
    }

    private boolean upToDate(RegisteredClient existing, ConfiguredClient configured) {
        return existing.getScopes().equals(configured.scopes())
                && passwordEncoder.matches(configured.clientSecret(), existing.getClientSecret())
                && Objects.equals(existing.getTokenSettings().getAccessTokenTimeToLive(), server.accessTokenTtl());
    }

    private TokenSettings tokenSettings() {
        return TokenSettings.builder()
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .accessTokenTimeToLive(server.accessTokenTtl())
                .build();
    }
}
