package hudson.model;

/** Compile-only declaration of core's {@code hudson.model.Job}. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("compile-only");
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-only");
    }
}
