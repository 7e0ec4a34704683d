package dev.conclave.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** {@link ProblemCatalogue} in every servlet service that takes common-web. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemCatalogueAutoConfiguration {

    @Bean
    ProblemCatalogue problemCatalogue() {
        return new ProblemCatalogue();
    }
}
