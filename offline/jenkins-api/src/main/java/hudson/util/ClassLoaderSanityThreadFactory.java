package hudson.util;

import java.util.concurrent.ThreadFactory;

/** Compile-only declaration of core's {@code hudson.util.ClassLoaderSanityThreadFactory}. */
public class ClassLoaderSanityThreadFactory implements ThreadFactory {
    public ClassLoaderSanityThreadFactory(ThreadFactory delegate) {
        throw new UnsupportedOperationException("compile-only");
    }

    @Override
    public Thread newThread(Runnable r) {
        throw new UnsupportedOperationException("compile-only");
    }
}
