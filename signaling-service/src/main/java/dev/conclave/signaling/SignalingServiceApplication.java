package dev.conclave.signaling;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Signaling: participants' WebSocket connections, rooms and everything said in them. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SignalingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SignalingServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
