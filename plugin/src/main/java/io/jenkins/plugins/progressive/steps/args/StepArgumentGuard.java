package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagOperationException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one door between a step's raw arguments and its plan: whatever reading them throws leaves as a
 * {@link StepArgumentException} whose message starts with a parameter path ({@code steps[1]: ...}), never as a raw
 * exception type ({@code NullPointerException}, {@code NumberFormatException}) and never starting with the step's
 * name (the step adds that once). An exception no parser meant to throw is a bug: the user reads that the
 * arguments could not be read, the system log gets the stack trace (without the message, which may quote a value).
 */
public final class StepArgumentGuard {
    private static final Logger LOGGER = Logger.getLogger(StepArgumentGuard.class.getName());

    /** A parameter path at the start of a message: {@code name}, {@code a.b}, {@code steps[2].setWeight}. */
    static final String PATH = "[A-Za-z][A-Za-z0-9_\\-]*(?:\\[\\d+])*(?:\\.[A-Za-z0-9_\\-]+(?:\\[\\d+])*)*";
    private static final Pattern WITH_COLON = Pattern.compile("(" + PATH + "): (.*)", Pattern.DOTALL);
    /** The flag operations' convention: {@code ramp.steps must be 1..100, was 0}. */
    private static final Pattern WITH_SPACE = Pattern.compile("(" + PATH + ") (.*)", Pattern.DOTALL);

    private StepArgumentGuard() {}

    /**
     * Reads a step's arguments.
     *
     * @param functionName the step, e.g. {@code canaryStage}: dropped where a message starts with it, and named in
     *     the system log for unexpected failures
     * @param parse reads the arguments; does no I/O
     * @throws StepArgumentException for any problem, naming the parameter's path
     */
    public static <T> T parse(String functionName, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            throw refusal(functionName, e);
        }
    }

    /** What {@code e}, thrown while reading {@code functionName}'s arguments, tells the user. */
    static StepArgumentException refusal(String functionName, RuntimeException e) {
        if (e instanceof StepArgumentException refused) {
            return withoutStepName(functionName, refused);
        }
        if (e instanceof PlanException plan) {
            return withoutStepName(functionName, StepArgumentException.under("", null, plan.getMessage()));
        }
        if (e instanceof FlagOperationException flag && flag.getMessage() != null) {
            Matcher colon = WITH_COLON.matcher(flag.getMessage());
            if (colon.matches()) {
                return new StepArgumentException(colon.group(1), colon.group(2));
            }
            Matcher space = WITH_SPACE.matcher(flag.getMessage());
            if (space.matches()) {
                return new StepArgumentException(space.group(1), space.group(2));
            }
        }
        // Our own refusals are IllegalArgumentExceptions that start with the field; the JDK's subclasses
        // (NumberFormatException, PatternSyntaxException, ...) speak of input strings and indexes instead.
        if (e.getClass() == IllegalArgumentException.class && e.getMessage() != null) {
            Matcher colon = WITH_COLON.matcher(e.getMessage());
            if (colon.matches()) {
                return withoutStepName(functionName, new StepArgumentException(colon.group(1), colon.group(2)));
            }
        }
        LOGGER.log(Level.WARNING, functionName + ": reading the arguments failed with " + e.getClass().getName()
                + " (a bug: every bad argument should be refused by name)", withoutMessage(e));
        return new StepArgumentException(StepArgumentException.ARGUMENTS, "could not be read: a value has a type or "
                + "size the step does not expect; check them against docs/steps/" + functionName + ".md");
    }

    /** {@code canaryStage: steps: ...} as {@code steps: ...}: the step prefixes its name once. */
    private static StepArgumentException withoutStepName(String functionName, StepArgumentException e) {
        if (!e.path().equals(functionName)) {
            return e;
        }
        Matcher inner = WITH_COLON.matcher(e.problem());
        return inner.matches() ? new StepArgumentException(inner.group(1), inner.group(2))
                : new StepArgumentException(StepArgumentException.ARGUMENTS, e.problem());
    }

    /** The stack trace without the message, which may quote an argument's value. */
    private static Throwable withoutMessage(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
