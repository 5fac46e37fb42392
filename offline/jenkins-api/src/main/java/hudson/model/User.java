package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.User}. */
public class User {
    private User() {
        throw new UnsupportedOperationException("compile-only");
    }

    public String getId() {
        throw new UnsupportedOperationException("compile-only");
    }
}
