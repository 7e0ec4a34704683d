package dev.conclave.signaling.api;

import dev.conclave.signaling.token.JoinTokenProperties;
import dev.conclave.web.BearerProblemHandlers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. The room-management API takes OAuth2 access tokens from auth-service's client-credentials
 * grant, checked offline against its JWKS, and authorizes by scope: {@code rooms:read} to look, {@code rooms:write}
 * to change, {@code webhooks:manage} for webhooks. Open without credentials: the WebSocket endpoint (a socket
 * proves itself with a join token), the guest-token endpoint (rate-limited at the gateway), the API description,
 * health and metrics.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain http(HttpSecurity http, BearerProblemHandlers problems) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/rpc").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/rooms/*/guest-tokens").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/rooms", "/api/v1/rooms/**").hasAuthority("SCOPE_rooms:read")
                        .requestMatchers("/api/v1/rooms", "/api/v1/rooms/**").hasAuthority("SCOPE_rooms:write")
                        .requestMatchers("/api/v1/webhooks", "/api/v1/webhooks/**").hasAuthority("SCOPE_webhooks:manage")
                        .requestMatchers("/api/docs", "/api/docs/**", "/api/openapi.json", "/api/openapi.json/**",
                                "/api/swagger-ui/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/actuator/info").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(server -> server
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    BearerProblemHandlers bearerProblemHandlers(JsonMapper json) {
        return new BearerProblemHandlers(json);
    }

    /**
     * Access tokens from auth-service: its keys, its issuer, the same clock-skew leeway as join tokens
     * ({@code conclave.signaling.join-tokens.clock-skew}, not Spring's default 60 s), and never a join token.
     */
    @Bean
    JwtDecoder accessTokenDecoder(JoinTokenProperties auth) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(auth.jwksUri().toString()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(auth.clockSkew()),
                new JwtIssuerValidator(auth.issuer()),
                jwt -> jwt.hasClaim("token_use")
                        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "a join token is not an access token", null))
                        : OAuth2TokenValidatorResult.success()));
        return decoder;
    }
}
