package dev.ingresslab.core.hosts;

import dev.ingresslab.hosts.HelperCommand;
import dev.ingresslab.hosts.HelperExit;
import dev.ingresslab.hosts.HelperResult;
import dev.ingresslab.hosts.HostsHelperMain;
import dev.ingresslab.hosts.PrivilegeEscalator;
import dev.ingresslab.hosts.ResolverCache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tests' privilege escalator: records each call and runs the real hosts helper's main in this process, on the
 * command's own arguments and stdin (no prompt, no rights asked: the tests' files are theirs). {@link #decline()}
 * makes it answer as a cancelled prompt does, without running the helper.
 */
public final class InProcessEscalator implements PrivilegeEscalator {

    private final List<HelperCommand> calls = new CopyOnWriteArrayList<>();
    private volatile boolean declining;

    /** From now on, answer as a person who cancels the prompt. */
    public InProcessEscalator decline() {
        declining = true;
        return this;
    }

    /** The commands it was asked to run, in order. */
    public List<HelperCommand> calls() {
        return calls;
    }

    @Override
    public String name() {
        return "test-escalator";
    }

    @Override
    public List<String> commandLine(HelperCommand command) {
        return command.argv();
    }

    @Override
    public HelperResult run(HelperCommand command) {
        calls.add(command);
        if (declining) {
            return new HelperResult(126, "", "Error executing command as another user: Request dismissed", true);
        }
        List<String> argv = command.argv();
        int main = argv.indexOf(HostsHelperMain.class.getName());
        String[] args = argv.subList(main + 1, argv.size()).toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        HelperExit exit = HostsHelperMain.run(args, new ByteArrayInputStream(command.stdin()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                ResolverCache.none("no resolver cache in tests"));
        return new HelperResult(exit.code(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                false);
    }
}
