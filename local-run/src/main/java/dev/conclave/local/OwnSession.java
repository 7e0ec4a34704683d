package dev.conclave.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a platform process in a session of its own (setsid(1)), so a Ctrl-C in the terminal reaches the launcher
 * alone, which then stops everything in order: the nodes before the Redis and the database they use. Where
 * setsid is missing, the process shares the terminal's session and gets the Ctrl-C too.
 */
final class OwnSession {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private OwnSession() {
    }

    /** The command, prefixed with setsid where there is one (which execs it: the process id stays the same). */
    static List<String> of(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> inSession = new ArrayList<>();
        inSession.add(SETSID.toString());
        inSession.addAll(command);
        return inSession;
    }
}
