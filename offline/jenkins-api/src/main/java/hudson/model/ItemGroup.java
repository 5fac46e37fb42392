package hudson.model;

/**
 * Compile-only declaration of core's {@code hudson.model.ItemGroup}: the context credentials are looked up in
 * ({@code Jenkins} is the root one).
 */
public interface ItemGroup<T extends Item> {}
