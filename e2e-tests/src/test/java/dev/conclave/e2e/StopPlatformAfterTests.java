package dev.conclave.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared platforms when the test run ends — before the JVM's shutdown hooks stop the test PostgreSQL, so
 * the services never outlive their database.
 */
public class StopPlatformAfterTests implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RunningPlatform.stop();
        MediaTierPlatform.stop();
        SfuPageRooms.stop();
    }
}
