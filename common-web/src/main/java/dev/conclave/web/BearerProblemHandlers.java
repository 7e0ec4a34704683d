package dev.conclave.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 for a bearer-token API as problem documents ({@code urn:conclave:problem:unauthenticated},
 * {@code …:insufficient-scope}), keeping the RFC 6750 {@code WWW-Authenticate} header OAuth2 clients read.
 * The challenge carries only {@code realm="conclave"} and the RFC 6750 error code ({@code invalid_request},
 * {@code invalid_token}, {@code insufficient_scope}): never Spring Security's {@code resource_metadata} URL (built
 * from the service's own, internal, address) nor an {@code error_description} that echoes the token's faults.
 */
public class BearerProblemHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final String REALM = "Bearer realm=\"conclave\"";

    private final JsonMapper json;

    public BearerProblemHandlers(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String error = failure instanceof OAuth2AuthenticationException oauth
                && "invalid_request".equals(oauth.getError().getErrorCode()) ? "invalid_request" : "invalid_token";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && !(failure instanceof OAuth2AuthenticationException) ? REALM : REALM + ", error=\"" + error + "\"");
        String detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                ? "a bearer access token is required" : "the bearer access token is invalid or expired";
        write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
        write(response, HttpStatus.FORBIDDEN, "insufficient-scope", "Insufficient scope",
                "the access token's scopes do not allow this call");
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:conclave:problem:" + type));
        problem.setTitle(title);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
