package dev.conclave.deploy;

import dev.conclave.testing.RequiredServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The container engine of these machines: podman with the repo's containers.conf (runc, rlimits below the
 * sandbox's), and the images the build made. Where podman or an image is missing, the calling test is skipped
 * (failed under CI) with what would provide it.
 */
final class Podman {

    static final Path HOME = Path.of(System.getProperty("conclave.home", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("conclave.version", "0.1.0-SNAPSHOT");
    static final Path CONF = HOME.resolve("deploy-tests/podman/containers.conf");
    private static final Path PODMAN = Path.of("/usr/bin/podman");
    static final List<String> SERVICES = List.of("auth-service", "signaling-service", "media-service", "gateway-service");

    private Podman() {
    }

    /** The image of a Conclave service, by the name podman stores it under. */
    static String image(String service) {
        return "localhost/conclave/" + service + ":" + VERSION;
    }

    /** Skips (fails under CI) unless podman answers and every image named exists. */
    static void requireImages(List<String> images) {
        if (!Files.isExecutable(PODMAN)) {
            throw RequiredServer.unavailable("podman", PODMAN + " is not installed (apt-get install -y podman runc)");
        }
        for (String image : images) {
            if (run(Duration.ofSeconds(30), "podman", "image", "exists", image).exitCode() != 0) {
                throw RequiredServer.unavailable("the image " + image, "not in podman's store: build the service "
                        + "images (CONCLAVE_IMAGES=/usr/bin/podman ./mvnw package, README \"Deploy\") and the "
                        + "stand-ins (deploy-tests/podman/build-stand-ins.sh)");
            }
        }
    }

    /** Runs a podman command; fails the test unless it exits 0. */
    static String podman(String... arguments) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        return run(Duration.ofMinutes(2), command.toArray(String[]::new)).orFail();
    }

    /** A command with podman's configuration in its environment, its output and error together. */
    static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), command);
    }

    static Result run(Duration timeout, Map<String, String> environment, String... command) {
        try {
            Path output = Files.createTempFile("conclave-deploy", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("CONTAINERS_CONF", CONF.toString());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Result(String.join(" ", command), process.exitValue(), text);
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    record Result(String command, int exitCode, String output) {

        String orFail() {
            if (exitCode != 0) {
                throw new AssertionError(command + " exited " + exitCode + ":\n" + output);
            }
            return output;
        }
    }
}
