package dev.conclave.auth.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /admin/**}: HTTP Basic as {@code admin} with {@code conclave.auth.admin.password}, or — with no password
 * configured — 404 for everything. Ordered after the authorization server (1) and the API (2), before the catch-all.
 * The admin credential authenticates in this chain only; it is no access token and opens nothing else.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

    @Bean
    @Order(3)
    SecurityFilterChain admin(HttpSecurity http, AdminProperties properties, JsonMapper json) throws Exception {
        AdminSecurityProblems problems = new AdminSecurityProblems(json);
        http.securityMatcher("/admin/**")
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!properties.enabled()) {
            return refuseEverything(http, problems.disabled());
        }
        AuthenticationEntryPoint unauthenticated = problems.unauthenticated();
        http.authenticationManager(new ProviderManager(new AdminAuthenticationProvider(properties.password())))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(AdminAuthenticationProvider.ROLE))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated));
        return http.build();
    }

    private static SecurityFilterChain refuseEverything(HttpSecurity http, AuthenticationEntryPoint notFound)
            throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(notFound)
                        .accessDeniedHandler((request, response, denied) -> notFound.commence(request, response, null)));
        return http.build();
    }
}
