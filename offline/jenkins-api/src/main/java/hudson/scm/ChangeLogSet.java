package hudson.scm;

import hudson.model.User;

/** Compile-only declaration of core's {@code hudson.scm.ChangeLogSet}. */
public abstract class ChangeLogSet<T extends ChangeLogSet.Entry> implements Iterable<T> {
    public abstract static class Entry {
        public abstract User getAuthor();
    }
}
