package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.hooks.HookJob;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;

/**
 * {@code preHook: [image: 'shop/migrate:1.9', command: ['migrate', 'expand'], env: [DB: 'orders'],
 * serviceAccount: 'migrator', timeout: '15m', backoffLimit: 1, namePrefix: 'db-migration']}, or
 * {@code [manifest: readFile('migrate-job.yaml')]}.
 */
public final class HookArgs {
    private HookArgs() {}

    /** @return the hook, or null when {@code value} is null */
    public static HookSpec of(HookSpec.Phase phase, Object value) {
        return of(phase, phase.field(), value);
    }

    /**
     * @param path where the hook is in the step's arguments, for messages ({@code steps[3].job})
     * @return the hook, or null when {@code value} is null
     */
    public static HookSpec of(HookSpec.Phase phase, String path, Object value) {
        if (value == null) {
            return null;
        }
        Args args = Args.of(path, value)
                .only("image", "command", "env", "serviceAccount", "manifest", "timeout", "backoffLimit", "namePrefix");
        try {
            HookSpec hook;
            if (args.has("manifest")) {
                if (args.has("image") || args.has("command")) {
                    throw new StepArgumentException(args.path("manifest"), "give either a manifest or image and command");
                }
                hook = HookSpec.manifest(phase, args.requiredString("manifest"));
            } else {
                hook = HookSpec.template(phase, new HookJob.Template(args.requiredString("image"),
                        args.strings("command"), args.stringMap("env"), args.string("serviceAccount")));
            }
            if (args.has("timeout")) {
                hook = hook.withTimeout(args.duration("timeout"));
            }
            if (args.has("backoffLimit")) {
                hook = hook.withBackoffLimit(args.integer("backoffLimit", 0, Integer.MAX_VALUE));
            }
            if (args.has("namePrefix")) {
                hook = hook.withNamePrefix(args.requiredString("namePrefix"));
            }
            return hook;
        } catch (PlanException e) {
            // The engine names the field, sometimes after the phase ("job.timeout: ...", "template.image: ...").
            throw StepArgumentException.under(path, phase.field(), e.getMessage());
        }
    }
}
