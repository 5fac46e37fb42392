package io.jenkins.plugins.progressive.engine.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl ({@code /usr/bin/kubectl} or {@code KUBECTL_BIN}), run against the sandbox until it exits. */
public record Kubectl(int exitCode, List<String> lines, String errors) {

    /** {@code kubectl -n NAMESPACE rollout status deployment/NAME --timeout=30s}. */
    public static Kubectl rolloutStatus(Path kubeconfig, String namespace, String name, Path workDir)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "kubectl", ".out");
        Path err = Files.createTempFile(workDir, "kubectl", ".err");
        Process process = new ProcessBuilder(binary(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", workDir.resolve("kube-cache").toString(), "-n", namespace,
                "rollout", "status", "deployment/" + name, "--timeout=30s")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl rollout status did not exit within 40 s");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty()).toList();
        return new Kubectl(process.exitValue(), lines, Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String binary() {
        String configured = System.getenv("KUBECTL_BIN");
        String binary = configured == null ? "/usr/bin/kubectl" : configured;
        if (!Files.isExecutable(Path.of(binary))) {
            throw new AssertionError("kubectl not found at " + binary + ": install it (Debian: apt-get install -y "
                    + "kubernetes-client) or set KUBECTL_BIN");
        }
        return binary;
    }

    public String lastLine() {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
