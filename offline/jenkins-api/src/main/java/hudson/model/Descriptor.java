package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerRequest2;

/** Compile-only declaration of core's {@code hudson.model.Descriptor}. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("compile-only");
    }

    /**
     * @deprecated use {@link #configure(StaplerRequest2, JSONObject)}
     */
    @Deprecated
    public boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("compile-only");
    }

    public T newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
        throw new UnsupportedOperationException("compile-only");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("compile-only");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static final class FormException extends Exception {
        private static final long serialVersionUID = 1L;

        public FormException(String message, String formField) {
            throw new UnsupportedOperationException("compile-only");
        }

        public FormException(String message, Throwable cause, String formField) {
            throw new UnsupportedOperationException("compile-only");
        }

        public String getFormField() {
            throw new UnsupportedOperationException("compile-only");
        }
    }
}
