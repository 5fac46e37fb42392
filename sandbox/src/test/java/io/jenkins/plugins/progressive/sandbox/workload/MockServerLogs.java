package io.jenkins.plugins.progressive.sandbox.workload;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fabric8 mock web server logs every request at INFO through java.util.logging; a load
 * generator re-reading routes four times a second would bury test output under it.
 */
public final class MockServerLogs {

    // JUL keeps loggers weakly: hold the reference or the level is lost.
    private static final Logger MOCK_WEB_SERVER = Logger.getLogger("io.fabric8.mockwebserver");

    private MockServerLogs() {
    }

    public static void quiet() {
        MOCK_WEB_SERVER.setLevel(Level.WARNING);
    }
}
