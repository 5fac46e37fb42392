package hudson.util;

import java.util.concurrent.ThreadFactory;

/** Compile-only declaration of core's {@code hudson.util.DaemonThreadFactory}. */
public class DaemonThreadFactory implements ThreadFactory {
    public DaemonThreadFactory() {
        throw new UnsupportedOperationException("compile-only");
    }

    public DaemonThreadFactory(ThreadFactory core) {
        throw new UnsupportedOperationException("compile-only");
    }

    @Override
    public Thread newThread(Runnable r) {
        throw new UnsupportedOperationException("compile-only");
    }
}
