package dev.conclave.auth.api;

import dev.conclave.auth.jointoken.TtlOutOfRangeException;
import dev.conclave.web.FieldErrors;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
 * The one place API failures become RFC 7807 {@code application/problem+json}. Every problem has a stable
 * {@code type} ({@code urn:conclave:problem:<name>}); validation problems list every bad field in {@code errors}.
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

    private static ProblemDetail invalid(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request has invalid fields");
        problem.setType(type("invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
