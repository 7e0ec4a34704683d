package dev.conclave.media;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * media-service: the registry of Kurento Media Server workers, placement of SFU rooms on them, and the pipelines and
 * WebRTC endpoints of those rooms; signaling-service calls it over gRPC, ops teams over REST.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MediaServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MediaServiceApplication.class, args);
    }
}
