package hudson.util;

import java.util.concurrent.ThreadFactory;

/** Compile-only declaration of core's {@code hudson.util.NamingThreadFactory}. */
public final class NamingThreadFactory implements ThreadFactory {
    public NamingThreadFactory(ThreadFactory delegate, String name) {
        throw new UnsupportedOperationException("compile-only");
    }

    @Override
    public Thread newThread(Runnable r) {
        throw new UnsupportedOperationException("compile-only");
    }
}
