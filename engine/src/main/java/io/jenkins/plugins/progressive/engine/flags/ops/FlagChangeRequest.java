package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.InvalidFlagSetException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one {@code flagToggle} call asks for: operations applied in order and written in one write, so a kill switch
 * plus its lifecycle note, or a segment plus the rule using it, land together or not at all.
 *
 * @param operations at least one, in order
 * @param testUsers users whose variant the preview lists (e.g. QA accounts)
 * @param dryRun compute the change and its preview, write nothing
 */
public record FlagChangeRequest(List<FlagOperation> operations, List<EvaluationContext> testUsers, boolean dryRun) {

    public FlagChangeRequest {
        if (operations == null || operations.isEmpty()) {
            throw new FlagOperationException("operations must list at least one change");
        }
        if (operations.stream().anyMatch(Objects::isNull)) {
            throw new FlagOperationException("operations must not contain null");
        }
        operations = List.copyOf(operations);
        testUsers = List.copyOf(testUsers == null ? List.of() : testUsers);
    }

    public static FlagChangeRequest of(FlagOperation... operations) {
        return new FlagChangeRequest(List.of(operations), List.of(), false);
    }

    public FlagChangeRequest withTestUsers(List<EvaluationContext> users) {
        return new FlagChangeRequest(operations, users, dryRun);
    }

    public FlagChangeRequest asDryRun() {
        return new FlagChangeRequest(operations, testUsers, true);
    }

    /** The flags the operations name, in order (segments change no flag key of their own). */
    public Set<String> flagKeys() {
        Set<String> keys = new LinkedHashSet<>();
        operations.forEach(operation -> {
            if (operation.flagKey() != null) {
                keys.add(operation.flagKey());
            }
        });
        return keys;
    }

    /** Context attributes the operations bucket users by: synthetic preview users need them to spread. */
    public Set<String> bucketingAttributes() {
        Set<String> attributes = new LinkedHashSet<>();
        for (FlagOperation operation : operations) {
            String bucketBy = operation instanceof PercentageRollout rollout ? rollout.bucketBy()
                    : operation instanceof Experiment experiment ? experiment.bucketBy() : null;
            if (bucketBy != null) {
                attributes.add(bucketBy);
            }
        }
        return attributes;
    }

    /**
     * The set with every operation applied in order.
     *
     * @throws FlagOperationException naming the operation (1-based) and what is wrong; the input set is unchanged
     */
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagSet result = set;
        for (int i = 0; i < operations.size(); i++) {
            FlagOperation operation = operations.get(i);
            try {
                result = operation.applyTo(result, now);
            } catch (FlagOperationException | InvalidFlagSetException e) {
                throw new FlagOperationException("operation " + (i + 1) + " of " + operations.size() + " ("
                        + operation.describe() + "): " + e.getMessage(), e);
            }
        }
        return result;
    }
}
