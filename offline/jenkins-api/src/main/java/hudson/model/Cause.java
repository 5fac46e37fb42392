package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.Cause}. */
public abstract class Cause {
    public static class UpstreamCause extends Cause {
        public String getUpstreamProject() {
            throw new UnsupportedOperationException("compile-only");
        }

        public int getUpstreamBuild() {
            throw new UnsupportedOperationException("compile-only");
        }

        public java.util.List<Cause> getUpstreamCauses() {
            throw new UnsupportedOperationException("compile-only");
        }
    }

    public static class UserIdCause extends Cause {
        public String getUserId() {
            throw new UnsupportedOperationException("compile-only");
        }
    }
}
