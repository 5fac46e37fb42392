package hudson.model;

import hudson.ExtensionPoint;

/** Compile-only declaration of core's {@code hudson.model.RootAction}. */
public interface RootAction extends Action, ExtensionPoint {}
