package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.ModelObject}. */
public interface ModelObject {
    String getDisplayName();
}
