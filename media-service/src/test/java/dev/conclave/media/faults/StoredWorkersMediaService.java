package dev.conclave.media.faults;

import dev.conclave.media.MediaServiceApplication;
import dev.conclave.media.support.StoredMediaWorkers;
import dev.conclave.media.worker.MediaWorkerConnector;
import dev.conclave.testing.PostgresServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * media-service as its own process for fault tests ({@link MediaServiceProcess}): the real application, with the
 * workers of {@link StoredMediaWorkers} (their pipelines and endpoints in the test's PostgreSQL, so they outlive a
 * killed media-service as a media server's do). Started with {@code conclave.media.connector=stored} and
 * {@code conclave.test.fake-kms.url/username/password} (and {@code first-probe-delay}).
 */
public final class StoredWorkersMediaService {

    private StoredWorkersMediaService() {
    }

    /**
     * The settings of such a process against {@code database}, its gRPC server on 127.0.0.1:{@code grpcPort}, with
     * workers {@code kms-a} and {@code kms-b} (whose pipelines live in the same database).
     */
    static Map<String, String> settings(PostgresServer database, int grpcPort) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("conclave.media.connector", "stored");
        properties.put("conclave.test.fake-kms.url", database.jdbcUrl());
        properties.put("conclave.test.fake-kms.username", database.username());
        properties.put("conclave.test.fake-kms.password", database.password());
        properties.put("conclave.media.grpc.address", "127.0.0.1");
        properties.put("conclave.media.grpc.port", Integer.toString(grpcPort));
        properties.put("conclave.media.workers[0].id", "kms-a");
        properties.put("conclave.media.workers[0].url", "ws://127.0.0.1:1/kurento");
        properties.put("conclave.media.workers[1].id", "kms-b");
        properties.put("conclave.media.workers[1].url", "ws://127.0.0.1:2/kurento");
        return properties;
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(MediaServiceApplication.class, StoredWorkers.class);
        // the test classes are on this process's class path: their test configurations are not the application's
        application.addInitializers(context -> context.getBeanFactory()
                .registerSingleton("testConfigurationsExcluded", new TestConfigurationsExcluded()));
        application.run(args);
    }

    /** Not found by component scanning in other tests' contexts (a test configuration); given here by name. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StoredWorkers {

        @Bean
        MediaWorkerConnector mediaWorkerConnector(@Value("${conclave.test.fake-kms.url}") String url,
                                                  @Value("${conclave.test.fake-kms.username}") String username,
                                                  @Value("${conclave.test.fake-kms.password}") String password,
                                                  @Value("${conclave.test.fake-kms.first-probe-delay:PT0S}")
                                                  Duration firstProbeDelay) {
            return new StoredMediaWorkers(new DriverManagerDataSource(url, username, password), firstProbeDelay);
        }
    }

    /** Leaves out the test configurations that component scanning finds among the test classes. */
    static final class TestConfigurationsExcluded extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().isAnnotated(TestConfiguration.class.getName());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TestConfigurationsExcluded;
        }

        @Override
        public int hashCode() {
            return TestConfigurationsExcluded.class.hashCode();
        }
    }
}
