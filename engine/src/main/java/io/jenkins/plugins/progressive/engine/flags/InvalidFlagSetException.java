package io.jenkins.plugins.progressive.engine.flags;

import java.util.List;
import java.util.stream.Collectors;

/** A flag set that is not valid JSON in the flagd format, or breaks a rule flagd relies on; lists every problem. */
public final class InvalidFlagSetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<FlagProblem> problems;

    public InvalidFlagSetException(List<FlagProblem> problems) {
        super("invalid flag set: " + problems.stream().map(FlagProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order. */
    public List<FlagProblem> problems() {
        return problems;
    }
}
