package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.text.WireText;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Every REST request body, as it is read: text UTF-8 cannot encode (an unpaired surrogate — valid JSON, no
 * character) anywhere in it, keys of free-form metadata included, is refused with INVALID_PARAMS naming the field,
 * before a controller sees it. What the API takes in reaches participants (system messages, room and participant
 * metadata, display names), and no frame could carry it.
 */
@ControllerAdvice
class EncodableBodies extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
        WireText.Unencodable bad = WireText.find(body, "");
        if (bad != null) {
            throw ConclaveException.invalidParam(bad.field().isEmpty() ? "body" : bad.field(), bad.problem());
        }
        return body;
    }
}
