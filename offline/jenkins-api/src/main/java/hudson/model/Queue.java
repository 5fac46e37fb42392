package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.Queue} (only the nested {@code Executable}). */
public class Queue {
    private Queue() {
        throw new UnsupportedOperationException("compile-only");
    }

    public interface Executable extends Runnable {}
}
