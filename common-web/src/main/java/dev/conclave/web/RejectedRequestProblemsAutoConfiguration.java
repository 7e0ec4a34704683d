package dev.conclave.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/** {@link RejectedRequestProblems} in every servlet service with Spring Security (its WebSecurity finds the bean). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RequestRejectedHandler.class)
public class RejectedRequestProblemsAutoConfiguration {

    @Bean
    RequestRejectedHandler rejectedRequestProblems(JsonMapper json) {
        return new RejectedRequestProblems(json);
    }
}
