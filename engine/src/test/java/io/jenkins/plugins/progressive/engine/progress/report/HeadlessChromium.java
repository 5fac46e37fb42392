package io.jenkins.plugins.progressive.engine.progress.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven from the command line: the rendered DOM of a page, or a screenshot. A machine
 * without it fails the test with the command that installs it: these tests are the only proof the page renders.
 */
final class HeadlessChromium {

    private static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private HeadlessChromium() {
    }

    /** The DOM after the page's scripts ran (and, with a budget, after its fetches and timers settled). */
    static Result dumpDom(String url, int width, int height, int virtualTimeMillis) {
        return render(url, width, height, virtualTimeMillis, null);
    }

    /** The DOM as {@link #dumpDom}, and in the same run (one browser start, not two) a PNG of the window if asked. */
    static Result render(String url, int width, int height, int virtualTimeMillis, Path screenshot) {
        List<String> args = new ArrayList<>(List.of("--dump-dom", "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (virtualTimeMillis > 0) {
            args.add("--virtual-time-budget=" + virtualTimeMillis);
        }
        if (screenshot != null) {
            args.add("--screenshot=" + screenshot.toAbsolutePath());
        }
        Result result = run(url, args);
        // A script error leaves a half-drawn page that may still pass a few DOM checks; the console tells.
        if (result.log().contains("\"Uncaught ")) {
            throw new AssertionError("the page's script failed: " + result.log());
        }
        if (screenshot != null && !Files.isRegularFile(screenshot)) {
            throw new AssertionError("Chromium wrote no screenshot " + screenshot + "; it said: " + result.log());
        }
        return result;
    }

    /**
     * What Chromium printed: the DOM on stdout; its own log (including the page's console messages and any
     * Content-Security-Policy violation) on stderr.
     */
    record Result(String dom, String log) {
    }

    private static Result run(String url, List<String> extra) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("Chromium is not installed at " + BINARY + ": the report tests render in a real "
                    + "browser. Install it with 'sudo apt-get install -y --no-install-recommends chromium' (.ci/run does), "
                    + "or point the CHROMIUM environment variable at a Chromium binary.");
        }
        Path profile = null;
        try {
            profile = Files.createTempDirectory("chromium-profile");
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--force-device-scale-factor=1",
                    "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
            command.addAll(extra);
            command.add(url);
            Path out = profile.resolveSibling(profile.getFileName() + ".out");
            Path err = profile.resolveSibling(profile.getFileName() + ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Chromium did not finish rendering " + url + " within 60 s");
            }
            Result result = new Result(Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new AssertionError("Chromium exited with " + process.exitValue() + ": " + result.log());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while Chromium rendered " + url, e);
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover profile in the temp directory harms nobody.
        }
    }
}
