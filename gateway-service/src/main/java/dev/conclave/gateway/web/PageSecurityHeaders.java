package dev.conclave.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Headers for the conference page and its assets: scripts, styles and connections only from this origin (the
 * page's WebSocket included), camera, microphone and screen capture for this origin alone, no framing.
 */
@Component
class PageSecurityHeaders implements WebFilter {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob: mediastream:",
            "connect-src 'self' ws: wss:",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isPage(exchange.getRequest().getPath().value())) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self)");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
        }
        return chain.filter(exchange);
    }

    private static boolean isPage(String path) {
        return !(path.startsWith("/api/") || path.equals("/rpc") || path.startsWith("/oauth2/")
                || path.startsWith("/.well-known/") || path.startsWith("/actuator"));
    }
}
