package dev.conclave.auth.client;

import dev.conclave.auth.client.ClientBootstrapProperties.ConfiguredClient;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/** Makes the database's registered clients match {@code conclave.auth.bootstrap.clients} at start-up. */
@Component
class ConfiguredClients implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredClients.class);

    private final RegisteredClientRepository repository;
    private final PasswordEncoder passwordEncoder;
    private final ClientBootstrapProperties properties;
    private final ClientRegistrationSettings settings;

    ConfiguredClients(RegisteredClientRepository repository, PasswordEncoder passwordEncoder,
                      ClientBootstrapProperties properties, ClientRegistrationSettings settings) {
        this.repository = repository;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
        this.settings = settings;
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
        repository.save(settings.build(builder, configured.clientId(),
                passwordEncoder.encode(configured.clientSecret()), configured.scopes()));
        log.info("{} client {} with scopes {}", existing == null ? "Registered" : "Updated",
                configured.clientId(), configured.scopes());
    }

    private boolean upToDate(RegisteredClient existing, ConfiguredClient configured) {
        return existing.getScopes().equals(configured.scopes())
                && passwordEncoder.matches(configured.clientSecret(), existing.getClientSecret())
                && settings.current(existing);
    }
}
