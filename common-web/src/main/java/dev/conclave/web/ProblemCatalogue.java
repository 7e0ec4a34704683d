package dev.conclave.web;

import java.net.URI;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem document a REST edge sends has a {@code type} in Conclave's catalogue and a numeric {@code code}, the
 * way the WebSocket's errors do: the ones Spring writes itself (415 for a body that is not JSON, 405, 406, 404 of an
 * unknown path...) come out typed {@code about:blank} with no code, and are completed here on their way out.
 */
@RestControllerAdvice
public class ProblemCatalogue implements ResponseBodyAdvice<Object> {

    /** JSON-RPC's codes, which the catalogue shares: a request the server cannot take, and a failure of its own. */
    public static final int INVALID_REQUEST = -32600;
    public static final int INTERNAL_ERROR = -32603;

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        return body instanceof ProblemDetail problem ? complete(problem) : body;
    }

    /** Gives a problem without a type one from its status, and one without a code the catalogue's. */
    public static ProblemDetail complete(ProblemDetail problem) {
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(URI.create("urn:conclave:problem:" + typeOf(status)));
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", status != null && status.is5xxServerError() ? INTERNAL_ERROR : INVALID_REQUEST);
        }
        return problem;
    }

    private static String typeOf(HttpStatus status) {
        if (status == null) {
            return "invalid-request";
        }
        return switch (status) {
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case NOT_FOUND -> "not-found";
            case CONTENT_TOO_LARGE -> "content-too-large";
            default -> status.is5xxServerError() ? "internal-error" : "invalid-request";
        };
    }
}
