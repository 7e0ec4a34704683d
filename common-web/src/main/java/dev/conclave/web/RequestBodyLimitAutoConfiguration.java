package dev.conclave.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** {@link RequestBodyLimit} in every servlet service that takes common-web ({@code conclave.web.max-request-body}). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebLimitsProperties.class)
public class RequestBodyLimitAutoConfiguration {

    @Bean
    RequestBodyLimit requestBodyLimit(WebLimitsProperties limits, JsonMapper json) {
        return new RequestBodyLimit(limits.maxRequestBody().toBytes(), json);
    }
}
