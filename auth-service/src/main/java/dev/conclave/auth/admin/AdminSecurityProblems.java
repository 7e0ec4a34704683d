package dev.conclave.auth.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import tools.jackson.databind.json.JsonMapper;

/** The admin chain's refusals as problem documents: 401 with a Basic challenge, or 404 while the API is disabled. */
final class AdminSecurityProblems {

    static final String REALM = "conclave-admin";

    private static final Logger log = LoggerFactory.getLogger(AdminSecurityProblems.class);

    private final JsonMapper json;

    AdminSecurityProblems(JsonMapper json) {
        this.json = json;
    }

    /** 401: no credentials, or wrong ones. */
    AuthenticationEntryPoint unauthenticated() {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) -> {
            boolean attempted = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
            if (attempted) {
                log.warn("Refused admin credentials for {} {} from {}", request.getMethod(), request.getRequestURI(),
                        request.getRemoteAddr());
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", attempted
                    ? "the admin credentials are wrong"
                    : "the admin API requires HTTP Basic credentials (user admin, the configured admin password)");
        };
    }

    /** 404 for every admin path: no admin password is configured. */
    AuthenticationEntryPoint disabled() {
        return (request, response, failure) -> write(response, HttpStatus.NOT_FOUND, "not-found", "Not found",
                "the admin API is disabled: conclave.auth.admin.password is not set");
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
