package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.error.Outages;
import dev.conclave.web.FieldErrors;
import io.lettuce.core.RedisException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place REST failures become RFC 7807 {@code application/problem+json}: the error catalogue's codes as
 * stable problem types ({@code urn:conclave:problem:room-not-found}), with the numeric code alongside.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /**
     * PostgreSQL or Redis away: 503 with when to try again, not a 500. Other data-access failures stay 500s, as
     * problems like any other failure of ours.
     */
    @ExceptionHandler({DataAccessException.class, CannotCreateTransactionException.class, RedisException.class})
    ResponseEntity<ProblemDetail> storeFailure(RuntimeException failure) {
        if (!Outages.isOutage(failure)) {
            return unexpected(failure);
        }
        log.warn("REST call failed: a store is unavailable ({})", failure.getMessage());
        ConclaveException unavailable = Outages.unavailable();
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, unavailable.code(), unavailable.getMessage());
        problem.setProperty("retryAfterSeconds", Outages.RETRY_AFTER_MS / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Outages.RETRY_AFTER_MS / 1000)).body(problem);
    }

    @ExceptionHandler(ConclaveException.class)
    ResponseEntity<ProblemDetail> conclave(ConclaveException failure) {
        HttpStatus status = status(failure.code());
        if (status.is5xxServerError()) {
            log.warn("REST call failed: {}", failure.getMessage(), failure.getCause());
        }
        ProblemDetail problem = problem(status, failure.code(), failure.getMessage());
        Object field = failure.details().get("field");
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", failure.getMessage())));
        }
        return ResponseEntity.status(status).body(problem);
    }

    /**
     * Spring Security's firewall checks some parts of a request only when they are read: a header value holding a
     * character it refuses (a tab, a no-break space...), read by a controller's {@code @RequestHeader}, failed there
     * and answered 500. It is the client's request that is bad: 400 {@code invalid-request}, as the firewall's own
     * refusals ({@code common-web RejectedRequestProblems}).
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException rejected) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST,
                "the request's URL or headers hold what no endpoint accepts (a control character, a no-break space, "
                        + "an encoded NUL, slash, backslash, percent or period, a semicolon)"));
    }

    /**
     * A failure nobody mapped is a bug of ours: 500 {@code internal-error} (-32603), logged with its stack, and never
     * Spring Boot's error page (plain JSON with no catalogue type), nor the exception's message in the answer.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        log.error("REST call failed unexpectedly", failure);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                ErrorCode.INTERNAL_ERROR, "the server failed to handle the request; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_PARAMS, "the request has invalid fields");
        problem.setProperty("errors", FieldErrors.of(ex.getBindingResult()));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = FieldErrors.of(ex);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_PARAMS,
                errors.isEmpty() ? "the request body is not valid JSON: " + FieldErrors.readerMessage(ex)
                        : "the request has invalid fields");
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> Map.of(
                        "field", parameterName(result.getMethodParameter()),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_PARAMS, "the request has invalid parameters");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_PARAMS,
                "the request has invalid parameters");
        problem.setProperty("errors", List.of(Map.of("field", field,
                "message", "cannot be \"" + ex.getValue() + "\"" + (ex.getRequiredType() != null && ex.getRequiredType().isEnum()
                        ? "; one of " + Arrays.toString(ex.getRequiredType().getEnumConstants()) : ""))));
        return ResponseEntity.badRequest().body(problem);
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        return parameter.getParameterName() != null ? parameter.getParameterName() : "parameter";
    }

    static URI type(ErrorCode code) {
        return URI.create("urn:conclave:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code.code());
        return problem;
    }

    static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, MESSAGE_TOO_LARGE, MESSAGE_REJECTED -> HttpStatus.BAD_REQUEST;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED -> HttpStatus.UNAUTHORIZED;
            case PERMISSION_DENIED, ROOM_ACCESS_DENIED, TOKEN_ROOM_MISMATCH, BLOCKED, CHAT_MUTED -> HttpStatus.FORBIDDEN;
            case ROOM_NOT_FOUND, PARTICIPANT_NOT_FOUND, METHOD_NOT_FOUND, WEBHOOK_NOT_FOUND, BLOCK_NOT_FOUND ->
                    HttpStatus.NOT_FOUND;
            case ROOM_CLOSED -> HttpStatus.GONE;
            case ROOM_FULL, ALREADY_JOINED, NOT_JOINED, CANNOT_RELAY_TO_SELF, ROOM_ALREADY_EXISTS, RESUME_FAILED ->
                    HttpStatus.CONFLICT;
            case IDEMPOTENCY_KEY_REUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE, SFU_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case NOT_SFU_ROOM, ALREADY_PUBLISHING, NOT_PUBLISHING, UNKNOWN_ENDPOINT, CANNOT_SUBSCRIBE_TO_SELF ->
                    HttpStatus.CONFLICT;
            case INVALID_SDP -> HttpStatus.BAD_REQUEST;
            case INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
