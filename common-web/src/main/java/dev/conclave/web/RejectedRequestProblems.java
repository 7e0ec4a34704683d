package dev.conclave.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Spring Security's firewall refuses before any endpoint sees them (an encoded NUL, slash, backslash,
 * percent or period in the path, a semicolon, a control character in a header...) get a catalogue problem, 400
 * {@code invalid-request} (-32600). Spring's default answered with an empty 400, which the container turned into
 * Spring Boot's error JSON: no {@code type}, no {@code code}.
 */
public class RejectedRequestProblems implements RequestRejectedHandler {

    private final JsonMapper json;

    public RejectedRequestProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request's URL or headers "
                + "hold what no endpoint accepts (an encoded NUL, slash, backslash, percent or period, a semicolon, "
                + "a control character)");
        problem.setType(URI.create("urn:conclave:problem:invalid-request"));
        problem.setTitle(HttpStatus.BAD_REQUEST.getReasonPhrase());
        problem.setProperty("code", ProblemCatalogue.INVALID_REQUEST);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
