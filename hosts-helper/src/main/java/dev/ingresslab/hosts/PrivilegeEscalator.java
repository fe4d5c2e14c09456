package dev.ingresslab.hosts;

import java.io.IOException;
import java.util.List;

/**
 * Runs the {@link HostsHelperMain helper} with administrator rights, once, with the block on its stdin.
 *
 * <p>Two implementations per system keep the two faces apart: a window asks through the system's dialog
 * ({@link PrivilegeEscalators#forWindow()}: macOS's {@code osascript} "with administrator privileges", Linux's
 * {@code pkexec}), a terminal command asks in the terminal ({@link PrivilegeEscalators#forTerminal()}: {@code sudo},
 * or {@code pkexec}'s own text agent). {@link PrivilegeEscalators#unelevated()} runs the helper as the current user
 * (a hosts file the user may write; the tests).
 */
public interface PrivilegeEscalator {
    /** A short name for messages: {@code osascript}, {@code pkexec}, {@code sudo}, {@code unelevated}. */
    String name();

    /**
     * The command line that will run, prompt included, for the message shown before the prompt ("Ingress Lab
     * will run: …").
     */
    List<String> commandLine(HelperCommand command);

    /**
     * Runs the helper elevated and waits for it (at most {@link PrivilegeEscalators#PROMPT_TIMEOUT}, the time a
     * person may take to answer the prompt).
     *
     * @return how it ended, cancelled prompts included; never throws for a refusal
     * @throws IOException          when the escalator cannot be started
     * @throws InterruptedException when the waiting thread is interrupted (the child is then destroyed)
     */
    HelperResult run(HelperCommand command) throws IOException, InterruptedException;
}
