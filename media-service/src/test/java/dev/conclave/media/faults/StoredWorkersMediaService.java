package dev.conclave.media.faults;

import dev.conclave.media.MediaServiceApplication;
import dev.conclave.media.support.StoredMediaWorkers;
import dev.conclave.media.worker.MediaWorkerConnector;
import java.time.Duration;
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
