package dev.conclave.signaling.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Stands in for auth-service's key publication in signaling-service tests: an RSA key, its JWKS served over real
 * HTTP on loopback, and join tokens signed with it exactly as auth-service signs them — plus the wrong ways
 * (expired, foreign key, wrong audience…) for the tests that must see them refused.
 */
public final class TestTokenIssuer implements AutoCloseable {

    public static final String ISSUER = "http://auth.conclave.test";
    public static final String AUDIENCE = "conclave-signaling";

    private final RSAKey key;
    private final RSAKey foreignKey;
    private final HttpServer server;

    public TestTokenIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            foreignKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/oauth2/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
    }

    public String baseUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUri() {
        return baseUri() + "/oauth2/jwks";
    }

    /** A valid join token for a guest-less participant with publish, subscribe and chat. */
    public String token(String room, String identity, String name) {
        return token(room, identity, name, claims -> { });
    }

    /** A join token whose claims the caller may change from the valid defaults. */
    public String token(String room, String identity, String name, Consumer<JWTClaimsSet.Builder> changes) {
        JWTClaimsSet.Builder claims = validClaims(room, identity, name);
        changes.accept(claims);
        return sign(claims.build(), key);
    }

    /**
     * A valid join token whose claims, as JSON, the caller rewrites before signing: for claims a JSON encoder would not
     * write, such as the escape of an unpaired surrogate.
     */
    public String tokenWithRawClaims(String room, String identity, String name, UnaryOperator<String> rewrite) {
        String claims = rewrite.apply(validClaims(room, identity, name).build().toString());
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), new Payload(claims.getBytes(StandardCharsets.UTF_8)));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OAuth2 access token as auth-service's client-credentials grant issues it. */
    public String accessToken(String clientId, String... scopes) {
        return accessToken(clientId, claims -> { }, scopes);
    }

    public String accessToken(String clientId, Consumer<JWTClaimsSet.Builder> changes, String... scopes) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(clientId)
                .subject(clientId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", List.of(scopes));
        changes.accept(claims);
        return sign(claims.build(), key);
    }

    /** An access token signed with a key auth-service never published. */
    public String forgedAccessToken(String clientId, String... scopes) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder().issuer(ISSUER).subject(clientId).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900))).claim("scope", List.of(scopes)).build(), foreignKey);
    }

    /** Signed with a key auth-service never published, under the published key's id. */
    public String forged(String room, String identity, String name) {
        return sign(validClaims(room, identity, name).build(), foreignKey);
    }

    public static Consumer<JWTClaimsSet.Builder> expiredAgo(Duration ago) {
        return claims -> claims.issueTime(Date.from(Instant.now().minus(ago).minusSeconds(600)))
                .expirationTime(Date.from(Instant.now().minus(ago)));
    }

    public static Consumer<JWTClaimsSet.Builder> grants(String... grants) {
        return claims -> claims.claim("grants", List.of(grants));
    }

    public static Consumer<JWTClaimsSet.Builder> guest() {
        return claims -> claims.claim("guest", true);
    }

    private static JWTClaimsSet.Builder validClaims(String room, String identity, String name) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(identity)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("token_use", "join")
                .claim("room", room)
                .claim("name", name)
                .claim("grants", List.of("publish", "subscribe", "chat"))
                .claim("guest", false);
    }

    private static String sign(JWTClaimsSet claims, RSAKey signingKey) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
