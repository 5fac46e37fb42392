package hudson.init;

/** Compile-only declaration of core's {@code hudson.init.TermMilestone} (which also implements the reactor's Milestone). */
public enum TermMilestone {
    STARTED,
    COMPLETED
}
