package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.TopLevelItem}. */
public interface TopLevelItem extends Item, Describable<TopLevelItem> {}
