package dev.ingresslab.core.hosts;

import dev.ingresslab.hosts.HelperExit;
import dev.ingresslab.hosts.HelperResult;
import dev.ingresslab.hosts.HostsChangingException;
import dev.ingresslab.hosts.HostsFile;
import dev.ingresslab.hosts.HostsPlan;
import dev.ingresslab.hosts.HostsStore;
import dev.ingresslab.hosts.HostsUpdater;
import dev.ingresslab.hosts.MacResolverCache;
import dev.ingresslab.hosts.MalformedHostsFile;
import dev.ingresslab.hosts.PrivilegeEscalator;
import dev.ingresslab.hosts.PrivilegeEscalators;
import dev.ingresslab.hosts.ResolverCache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One hosts file as the command line, the keeper and the Hosts view reach it: read through the hosts helper's
 * {@link HostsStore}; written through its {@link HostsUpdater}: directly when this user may, else by the elevated
 * hosts helper, run once per change by a {@link PrivilegeEscalator} (the terminal's sudo, the window's pkexec or
 * macOS dialog), after a line that names the file, why rights are needed and the command. Every failure becomes a
 * {@link HostsFailure} whose message says what to do.
 */
public final class HostsAccess {

    private final HostsStore store;
    private final Optional<PrivilegeEscalator> escalator;
    private final ResolverCache cache;

    /**
     * @param file      the hosts file ({@link dev.ingresslab.hosts.HostsStore#systemPath()}, or a test's copy)
     * @param escalator how to get administrator rights when the file is not writable; empty when there is none
     *                  ({@link PrivilegeEscalators#noneAvailable()} is then the message)
     */
    public HostsAccess(Path file, Optional<PrivilegeEscalator> escalator) {
        this(file, escalator, ResolverCache.forThisSystem());
    }

    /** As above, with the resolver cache flushed after a direct write (tests: one that records the call). */
    public HostsAccess(Path file, Optional<PrivilegeEscalator> escalator, ResolverCache cache) {
        this.store = new HostsStore(Objects.requireNonNull(file, "file"));
        this.escalator = Objects.requireNonNull(escalator, "escalator");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The hosts file as named. */
    public Path file() {
        return store.path();
    }

    /** Reads and parses the file ({@link HostsFile#absent()} when it does not exist). */
    public HostsFile read() throws HostsFailure {
        try {
            return store.read();
        } catch (MalformedHostsFile e) {
            throw new HostsFailure(HostsFailure.Kind.DAMAGED, file() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new HostsFailure(HostsFailure.Kind.IO, "cannot read " + file() + ": " + reason(e)
                    + "; give a readable hosts file with --hosts-file", e);
        }
    }

    /**
     * Applies a plan: directly when this user may write the file, else through the elevated helper, once (the
     * line said before the prompt names the file, why rights are needed and the command that asks). The plan must
     * have been shown to the user before ({@link HostsChange}).
     *
     * @param plan what to write, from {@link #read()}
     * @param say  where the lines before a prompt and the resolver cache's line go
     * @return the plan as applied (planned again when the file changed meanwhile)
     * @throws HostsFailure         nothing was written; the message says why and what to do
     * @throws InterruptedException while waiting for the prompt; the elevated helper is stopped
     */
    public HostsPlan apply(HostsPlan plan, Consumer<String> say) throws HostsFailure, InterruptedException {
        HostsStore.Access access;
        try {
            access = store.access();
        } catch (IOException e) {
            throw new HostsFailure(HostsFailure.Kind.IO, "cannot write " + file() + ": " + reason(e), e);
        }
        if (!access.direct() && escalator.isEmpty()) {
            throw new HostsFailure(HostsFailure.Kind.NO_PRIVILEGE, file() + " is " + access.reason() + ", and "
                    + PrivilegeEscalators.noneAvailable(), null);
        }
        // the hosts helper's own sequence: a direct write when allowed, else one run of the helper elevated
        String[] flushed = new String[1];
        ResolverCache noted = () -> flushed[0] = cache.flush();
        HostsUpdater updater = new HostsUpdater(store, escalator.orElse(PrivilegeEscalators.unelevated()), noted);
        if (!access.direct()) {
            say.accept(file() + " is " + access.reason() + ": asking once for administrator rights ("
                    + updater.escalator().name() + ") to run the hosts helper, which writes only its block: "
                    + updater.elevatedCommandLine(plan));
        }
        HostsUpdater.Outcome outcome;
        try {
            outcome = updater.apply(plan);
        } catch (HostsChangingException e) {
            throw new HostsFailure(HostsFailure.Kind.CHANGED, e.getMessage(), e);
        } catch (MalformedHostsFile e) {
            throw new HostsFailure(HostsFailure.Kind.DAMAGED, file() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw access.direct()
                    ? new HostsFailure(HostsFailure.Kind.IO, "cannot write " + file() + ": " + reason(e)
                    + "; nothing was changed", e)
                    : new HostsFailure(HostsFailure.Kind.NO_PRIVILEGE, "cannot run " + updater.escalator().name()
                    + ": " + reason(e) + "; " + PrivilegeEscalators.noneAvailable(), e);
        }
        HelperResult result = outcome.helper();
        if (result != null && result.cancelled()) {
            throw new HostsFailure(HostsFailure.Kind.DECLINED, "the administrator prompt was cancelled, so "
                    + file() + " is unchanged; sync again to be asked again, or use curl --resolve (no entry needed)",
                    null);
        }
        if (!outcome.succeeded()) {
            HelperExit exit = result == null ? null : result.exit();
            HostsFailure.Kind kind = exit == HelperExit.TRY_AGAIN ? HostsFailure.Kind.CHANGED
                    : exit == HelperExit.DATA_REFUSED ? HostsFailure.Kind.DAMAGED
                    : exit == HelperExit.NO_PERMISSION || exit == null ? HostsFailure.Kind.NO_PRIVILEGE
                    : HostsFailure.Kind.IO;
            throw new HostsFailure(kind, file() + " is unchanged: " + outcome.message(), null);
        }
        if (outcome.elevated()) {
            say.accept(outcome.message()); // the helper's own report, with its resolver cache's line
        } else if (flushed[0] != null && cache instanceof MacResolverCache) {
            say.accept(flushed[0]); // elsewhere there is no cache to flush, and nothing to say
        }
        return plan;
    }

    /** {@code /etc/hosts: added alpaca.example.com; removed old.example.com}, for the line after a write. */
    public static String done(Path file, HostsPlan done) {
        return HostsKeeper.written(file, done);
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
