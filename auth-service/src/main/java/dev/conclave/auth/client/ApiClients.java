package dev.conclave.auth.client;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API clients internal services authenticate as, managed at run time: created with a generated secret, listed,
 * given a new secret, deleted. A secret is returned once, when generated, and stored only as a hash. Clients from
 * {@code conclave.auth.bootstrap.clients} belong to the configuration and are only listed here.
 */
@Service
public class ApiClients {

    private static final int SECRET_BYTES = 32;

    private final RegisteredClientRepository registrations;
    private final ApiClientStore store;
    private final ClientRegistrationSettings settings;
    private final PasswordEncoder passwordEncoder;
    private final ClientBootstrapProperties bootstrap;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiClients(RegisteredClientRepository registrations, ApiClientStore store, ClientRegistrationSettings settings,
               PasswordEncoder passwordEncoder, ClientBootstrapProperties bootstrap, Clock clock) {
        this.registrations = registrations;
        this.store = store;
        this.settings = settings;
        this.passwordEncoder = passwordEncoder;
        this.bootstrap = bootstrap;
        this.clock = clock;
    }

    @Transactional
    public IssuedClientSecret create(NewApiClient requested) {
        String clientId = requested.clientId();
        refuseIfConfigured(clientId);
        if (registrations.findByClientId(clientId) != null) {
            throw new ClientAlreadyExistsException(clientId);
        }
        String secret = newSecret();
        Instant now = now();
        Set<String> scopes = requested.scopes().stream().map(ApiScope::wireName).collect(Collectors.toSet());
        RegisteredClient.Builder builder = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientIdIssuedAt(now);
        RegisteredClient registered = settings.build(builder, clientId, passwordEncoder.encode(secret), scopes);
        try {
            registrations.save(registered);
        } catch (DuplicateKeyException raced) {
            throw new ClientAlreadyExistsException(clientId);
        }
        store.insertDetails(registered.getId(), requested.description());
        ApiClient client = new ApiClient(clientId, scopes, now, requested.description(), null, false);
        return new IssuedClientSecret(client, secret, now);
    }

    @Transactional(readOnly = true)
    public List<ApiClient> all() {
        return store.findAll().stream().map(row -> row.toClient(isConfigured(row.clientId()))).toList();
    }

    /** @throws UnknownClientException if there is none */
    @Transactional(readOnly = true)
    public ApiClient get(String clientId) {
        return row(clientId).toClient(isConfigured(clientId));
    }

    /** Replaces the secret: the old one is refused from now on. Access tokens already issued stay valid. */
    @Transactional
    public IssuedClientSecret rotateSecret(String clientId) {
        ApiClientStore.Row row = row(clientId);
        refuseIfConfigured(clientId);
        RegisteredClient existing = registrations.findById(row.registeredClientId());
        String secret = newSecret();
        Instant now = now();
        registrations.save(RegisteredClient.from(existing).clientSecret(passwordEncoder.encode(secret)).build());
        store.secretRotated(row.registeredClientId(), now);
        ApiClient client = new ApiClient(clientId, row.scopes(), row.createdAt(), row.description(), now, false);
        return new IssuedClientSecret(client, secret, now);
    }

    /**
     * Deletes the client and the record of every access token it was issued, so it gets no new token and this
     * service's own API refuses the ones it holds.
     */
    @Transactional
    public RevokedApiClient revoke(String clientId) {
        ApiClientStore.Row row = row(clientId);
        refuseIfConfigured(clientId);
        int authorizations = store.delete(row.registeredClientId());
        return new RevokedApiClient(row.toClient(false), authorizations);
    }

    private ApiClientStore.Row row(String clientId) {
        return store.find(clientId).orElseThrow(() -> new UnknownClientException(clientId));
    }

    private void refuseIfConfigured(String clientId) {
        if (isConfigured(clientId)) {
            throw new ConfiguredClientException(clientId);
        }
    }

    private boolean isConfigured(String clientId) {
        return bootstrap.clients().stream().anyMatch(configured -> configured.clientId().equals(clientId));
    }

    /** 32 random bytes, base64url without padding: 43 characters, well under bcrypt's 72-byte limit. */
    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Milliseconds, so that what is returned now is what is read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
