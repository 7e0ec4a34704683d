package dev.conclave.media.api;

import dev.conclave.media.worker.UnknownWorkerException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The one place ops API failures become RFC 7807 {@code application/problem+json}. */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(UnknownWorkerException.class)
    ResponseEntity<ProblemDetail> unknownWorker(UnknownWorkerException failure) {
        return problem(HttpStatus.NOT_FOUND, "worker-not-found", failure.getMessage(), null);
    }

    @ExceptionHandler(ApiRequestException.class)
    ResponseEntity<ProblemDetail> badRequest(ApiRequestException failure) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", failure.getMessage(),
                List.of(Map.of("field", failure.field(), "message", failure.getMessage())));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail,
                                                         List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:conclave:problem:" + type));
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).body(problem);
    }
}
