package dev.conclave.auth.api;

import dev.conclave.auth.client.ClientAlreadyExistsException;
import dev.conclave.auth.client.ConfiguredClientException;
import dev.conclave.auth.client.UnknownClientException;
import dev.conclave.auth.jointoken.TtlOutOfRangeException;
import dev.conclave.web.FieldErrors;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place API failures become RFC 7807 {@code application/problem+json}, for the join-token API and the admin
 * API alike. Every problem has a stable {@code type} ({@code urn:conclave:problem:<name>}); validation problems list
 * every bad field in {@code errors} and name them in {@code detail} too, for readers that show only the detail.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    static URI type(String name) {
        return URI.create("urn:conclave:problem:" + name);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(FieldErrors.of(ex.getBindingResult())));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = FieldErrors.of(ex);
        if (!errors.isEmpty()) {
            return ResponseEntity.badRequest().body(invalid(errors));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the request body is not valid JSON: " + FieldErrors.readerMessage(ex));
        problem.setType(type("malformed-body"));
        problem.setTitle("Malformed request body");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException ex) {
        return invalid(List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
    }

    @ExceptionHandler(TtlOutOfRangeException.class)
    ProblemDetail ttlOutOfRange(TtlOutOfRangeException ex) {
        return invalid(List.of(Map.of("field", "ttlSeconds", "message", ex.getMessage())));
    }

    @ExceptionHandler(UnknownClientException.class)
    ProblemDetail unknownClient(UnknownClientException ex) {
        return problem(HttpStatus.NOT_FOUND, "client-not-found", "No such client", ex.getMessage());
    }

    @ExceptionHandler(ClientAlreadyExistsException.class)
    ProblemDetail clientExists(ClientAlreadyExistsException ex) {
        return problem(HttpStatus.CONFLICT, "client-exists", "Client already exists", ex.getMessage());
    }

    @ExceptionHandler(ConfiguredClientException.class)
    ProblemDetail configuredClient(ConfiguredClientException ex) {
        return problem(HttpStatus.CONFLICT, "client-configured", "Client configured at deploy time", ex.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail invalid(List<Map<String, String>> errors) {
        String fields = errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the request has invalid fields: " + fields);
        problem.setType(type("invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
