package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.AbstractItem}. */
public abstract class AbstractItem extends Actionable implements Item {
    @Override
    public final String getFullName() {
        throw new UnsupportedOperationException("compile-only");
    }

    public final String getUrl() {
        throw new UnsupportedOperationException("compile-only");
    }
}
