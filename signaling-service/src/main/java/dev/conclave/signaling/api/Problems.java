package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ErrorCode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint can answer with besides invalid input and authentication, for its OpenAPI description
 * (see {@link OpenApiConfiguration}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface Problems {

    ErrorCode[] value();
}
