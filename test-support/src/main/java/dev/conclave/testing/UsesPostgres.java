package dev.conclave.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real PostgreSQL ({@link TestPostgres}) and points Spring Boot's {@code spring.datasource.*}
 * at it through system properties. Declare it <em>before</em> {@code @SpringBootTest} so that a missing server skips
 * the class (or fails it under CI) before any application context is built.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(UsesPostgres.Extension.class)
public @interface UsesPostgres {

    final class Extension implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            PostgresServer server = TestPostgres.server();
            System.setProperty("spring.datasource.url", server.jdbcUrl());
            System.setProperty("spring.datasource.username", server.username());
            System.setProperty("spring.datasource.password", server.password());
        }
    }
}
