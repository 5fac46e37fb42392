package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.Cause}. */
public abstract class Cause {
    public static class UserIdCause extends Cause {
        public String getUserId() {
            throw new UnsupportedOperationException("compile-only");
        }
    }
}
