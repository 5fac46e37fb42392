package io.jenkins.plugins.progressive.engine.hooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The run id of a release's hook Jobs: the same build and workload always get the same id, so a resumed release
 * follows the Jobs it started instead of starting new ones ({@link JobRunner} is idempotent per run id).
 */
public final class HookRunIds {

    private HookRunIds() {
    }

    /** Ten hex characters of SHA-256 over the holder (build URL) and the workload. */
    public static String of(String holder, String namespace, String workload) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((holder + "|" + namespace + "/" + workload).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
