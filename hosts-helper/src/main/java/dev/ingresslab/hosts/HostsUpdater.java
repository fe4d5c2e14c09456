package dev.ingresslab.hosts;

import java.io.IOException;
import java.util.Collection;
import java.util.Objects;

/**
 * What the {@code hosts} command, {@code up}/{@code demo} and the window call: plan a change of the managed block,
 * then apply it, writing the file directly when this process may, else through the elevated helper with one
 * privilege prompt. An empty plan never prompts.
 *
 * <p>Typical use:
 * <pre>{@code
 * HostsUpdater updater = new HostsUpdater(new HostsStore(Path.of("/etc/hosts")),
 *         PrivilegeEscalators.forTerminal().orElseThrow(), ResolverCache.forThisSystem());
 * HostsPlan plan = updater.planSync(names);       // show plan.describe(); plan.conflicts()
 * if (!plan.isEmpty()) {
 *     // when !updater.access().direct(): say "will run: " + updater.elevatedCommandLine(plan)
 *     HostsUpdater.Outcome outcome = updater.apply(plan);
 * }
 * }</pre>
 */
public final class HostsUpdater {
    private final HostsStore store;
    private final PrivilegeEscalator escalator;
    private final ResolverCache cache;

    /**
     * @param store     the hosts file
     * @param escalator how to run the helper when the file is not writable
     * @param cache     flushed after a direct write (the helper flushes after its own)
     */
    public HostsUpdater(HostsStore store, PrivilegeEscalator escalator, ResolverCache cache) {
        this.store = Objects.requireNonNull(store, "store");
        this.escalator = Objects.requireNonNull(escalator, "escalator");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The hosts file. */
    public HostsStore store() {
        return store;
    }

    /** The escalator used when the file is not writable. */
    public PrivilegeEscalator escalator() {
        return escalator;
    }

    /** The plan that makes the block map exactly {@code names}. */
    public HostsPlan planSync(Collection<HostName> names) throws IOException, MalformedHostsFile {
        return store.planSync(names);
    }

    /** The plan that removes the block. */
    public HostsPlan planClean() throws IOException, MalformedHostsFile {
        return store.planClean();
    }

    /** Whether {@link #apply} will write directly or prompt. */
    public HostsStore.Access access() throws IOException {
        return store.access();
    }

    /** The helper's run for {@code plan}. */
    public HelperCommand helperCommand(HostsPlan plan) {
        return HelperCommand.forPlan(store.path(), plan);
    }

    /** The command line the escalator will run for {@code plan}, as a shell would show it. */
    public String elevatedCommandLine(HostsPlan plan) {
        return Shell.join(escalator.commandLine(helperCommand(plan)));
    }

    /**
     * Applies {@code plan}: nothing when it is empty; a direct write when this process may write the file
     * ({@link HostsStore#apply}, then the resolver cache); else one run of the helper through the escalator (which
     * plans again on the file as it finds it).
     *
     * @return what happened, with a one-line message
     * @throws MalformedHostsFile   when a direct write finds the block's markers damaged
     * @throws IOException          when a direct write fails, or the escalator cannot start
     * @throws InterruptedException when interrupted while the prompt is open
     */
    public Outcome apply(HostsPlan plan) throws IOException, MalformedHostsFile, InterruptedException {
        if (plan.isEmpty()) {
            return new Outcome(false, false, true, String.join("; ", plan.describe()), null);
        }
        if (store.access().direct()) {
            HostsStore.Applied applied = store.apply(plan);
            String message = applied.written()
                    ? "updated " + store.path() + " (" + summary(applied.plan()) + "); " + cache.flush()
                    : store.path() + " already up to date";
            return new Outcome(applied.written(), false, true, message, null);
        }
        HelperResult result = escalator.run(helperCommand(plan));
        return new Outcome(result.ok(), true, result.ok(), result.message(), result);
    }

    private static String summary(HostsPlan plan) {
        return "+" + plan.added().size() + " -" + plan.removed().size() + " names";
    }

    /**
     * What {@link #apply} did.
     *
     * @param changed   whether the file was (or, through the helper, may have been) changed
     * @param elevated  whether the helper ran through the escalator
     * @param succeeded whether the file now holds the plan's block (false: refused, cancelled or failed)
     * @param message   one line for people (the helper's report, or the refusal)
     * @param helper    the helper's result when it ran, else null
     */
    public record Outcome(boolean changed, boolean elevated, boolean succeeded, String message, HelperResult helper) {
    }
}
