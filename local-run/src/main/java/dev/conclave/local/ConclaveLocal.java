package dev.conclave.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar local-run/target/conclave-local-exec.jar [--gateway-port=N] [--signaling-port=N]
 * [--auth-port=N] [--media-port=N] [--signaling-nodes=N] [--media-replicas=N] [--kms-url=ws://HOST:8888/kurento ...]
 * [--state-dir=PATH] [--verbose]}: starts the platform, prints the URL to
 * open, and runs until Ctrl-C, which stops every service and the database cleanly. With more than one signaling
 * node they share rooms through an embedded Redis, behind the gateway's load balancer. With {@code --kms-url} (once per
 * Kurento Media Server, or {@code CONCLAVE_KMS_URLS} comma-separated) media-service starts too and SFU rooms work;
 * {@code --media-replicas} runs several media-service replicas sharing the rooms. State (database files, secrets, logs) lives in
 * {@code .conclave/local} of the checkout unless {@code --state-dir} says otherwise.
 */
public final class ConclaveLocal {

    private ConclaveLocal() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PlatformOptions options;
        try {
            options = parse(args, PlatformOptions.localDefaults(Path.of(System.getProperty("conclave.home", "."))
                    .toAbsolutePath().normalize()));
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println("usage: conclave-local [--gateway-port=N] [--signaling-port=N] [--auth-port=N]"
                    + " [--media-port=N] [--signaling-nodes=N] [--media-replicas=N] [--kms-url=ws://HOST:8888/kurento ...]"
                    + " [--state-dir=PATH]"
                    + " [--verbose]");
            System.exit(2);
            return;
        }
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(options, out);
        } catch (IllegalStateException e) {
            out.println("Conclave could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("Stopping Conclave …");
            platform.close();
            out.println("Stopped.");
            stopped.countDown();
        }, "conclave-stop"));
        out.println();
        out.println("Conclave is running. Open " + platform.gatewayUrl() + " in two browser tabs to hold a call.");
        out.println("REST API: " + platform.gatewayUrl() + "api/docs   client " + LocalPlatform.LOCAL_BACKEND_CLIENT_ID
                + ", secret in " + platform.secretsFile());
        out.println(platform.hasMedia()
                ? "SFU rooms: on, " + options.kmsUrls().size() + " Kurento worker(s) " + options.kmsUrls() + ", "
                        + options.mediaReplicas() + " media-service replica(s)"
                : "SFU rooms: unavailable (no Kurento worker: add --kms-url=ws://HOST:8888/kurento); mesh rooms work");
        out.println("Logs: " + platform.logFile(Service.GATEWAY).getParent() + "   Stop: Ctrl-C");
        while (!stopping.get() && platform.essentialAlive()) {
            if (options.signalingNodes() > 1) {
                restartDeadNodes(platform, stopping, out);
            }
            Thread.sleep(1000);
        }
        if (stopping.get()) {
            stopped.await(); // Ctrl-C: the hook is stopping everything in order
            return;
        }
        out.println("A service stopped unexpectedly; see the logs. Shutting down.");
        System.exit(1);
    }

    /**
     * With several signaling nodes, one that dies is what the README invites you to try: its tabs resume on the others
     * while it is started again, as an orchestrator would.
     */
    private static void restartDeadNodes(LocalPlatform platform, AtomicBoolean stopping, PrintStream out)
            throws InterruptedException {
        for (int node : platform.deadSignalingNodes()) {
            if (stopping.get()) {
                return;
            }
            String name = platform.signalingNodeName(node);
            out.println(name + " stopped; its participants resume on the other nodes. Starting it again …");
            try {
                platform.restartSignalingNode(node);
                out.println(name + " is back.");
            } catch (IOException | IllegalStateException e) {
                out.println(name + " could not be started again (" + e.getMessage() + "); the other nodes go on.");
                return;
            }
        }
    }

    private static PlatformOptions parse(String[] args, PlatformOptions defaults) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, defaults.port(service));
        }
        boolean verbose = false;
        PlatformOptions parsed = defaults;
        List<URI> kms = new ArrayList<>();
        String fromEnvironment = System.getenv("CONCLAVE_KMS_URLS");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            Arrays.stream(fromEnvironment.split(",")).map(String::strip).map(URI::create).forEach(kms::add);
        }
        for (String arg : args) {
            if (arg.startsWith("--kms-url=")) {
                kms.add(URI.create(arg.substring("--kms-url=".length())));
                continue;
            }
            if (arg.equals("--verbose")) {
                verbose = true;
                continue;
            }
            if (arg.startsWith("--signaling-nodes=")) {
                try {
                    parsed = parsed.withSignalingNodes(Integer.parseInt(arg.substring("--signaling-nodes=".length())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number of nodes: " + arg);
                }
                continue;
            }
            if (arg.startsWith("--media-replicas=")) {
                try {
                    parsed = parsed.withMediaReplicas(Integer.parseInt(arg.substring("--media-replicas=".length())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number of replicas: " + arg);
                }
                continue;
            }
            if (arg.startsWith("--state-dir=")) {
                parsed = parsed.withStateDir(Path.of(arg.substring("--state-dir=".length())).toAbsolutePath());
                continue;
            }
            Service service = portOption(arg);
            try {
                ports.put(service, Integer.parseInt(arg.substring(arg.indexOf('=') + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port number: " + arg);
            }
        }
        return parsed.withPorts(ports).withEchoAllOutput(verbose).withKmsUrls(kms);
    }

    private static Service portOption(String arg) {
        for (Service service : Service.values()) {
            if (arg.startsWith("--" + service.shortName() + "-port=")) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown option: " + arg);
    }
}
