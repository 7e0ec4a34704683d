package dev.conclave.signaling;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Signaling: participants' WebSocket connections, rooms and everything said in them. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SignalingServiceApplication {

    private static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    public static void main(String[] args) {
        // Tomcat's WebSocket input, output and encoding buffers, held by every session (8 KiB each by default): most
        // signaling sessions sit idle. Read when Tomcat's WebSocket classes load, so it is set before anything starts.
        if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
            System.setProperty(TOMCAT_WEBSOCKET_BUFFER, "1024");
        }
        SpringApplication.run(SignalingServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The scheduler of every {@code @Scheduled} task — liveness checks, resume grace, node heartbeats, webhook polls —
     * sized by {@code spring.task.scheduling.pool.size}. Declared, not left to Boot: Boot makes none when any
     * {@code ScheduledExecutorService} bean exists, and Spring then ran every task on that one (the media event
     * stream's single retry thread), so one slow task could hold heartbeats past the node timeout.
     */
    @Bean
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
        return builder.build();
    }
}
