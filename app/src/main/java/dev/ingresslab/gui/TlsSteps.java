package dev.ingresslab.gui;

import dev.ingresslab.tls.trust.TrustStep;

import java.util.ArrayList;
import java.util.List;

/** The TLS pane's words for trust steps: a line per store, and the commands to copy when a store needs root. */
final class TlsSteps {

    private TlsSteps() {
    }

    /** A line per step, each command it needs run by hand (sudo) on a line of its own after it. */
    static List<String> lines(List<TrustStep> steps) {
        List<String> lines = new ArrayList<>();
        for (TrustStep step : steps) {
            lines.add(step.line());
            if (step.state() == TrustStep.State.NEEDS_PRIVILEGE) {
                step.commands().forEach(command -> lines.add("    " + dev.ingresslab.text.ShellWords.command(
                        command)));
            }
        }
        return lines;
    }

    /** What needs the user: stores that need root (run the commands shown) or failed; empty when none. */
    static String problem(List<TrustStep> steps) {
        long root = steps.stream().filter(step -> step.state() == TrustStep.State.NEEDS_PRIVILEGE).count();
        long failed = steps.stream().filter(step -> step.state() == TrustStep.State.FAILED).count();
        List<String> parts = new ArrayList<>();
        if (root > 0) {
            parts.add(root + (root == 1 ? " store needs" : " stores need") + " administrator rights: copy the sudo"
                    + " commands shown into a terminal");
        }
        if (failed > 0) {
            parts.add(failed + (failed == 1 ? " store" : " stores") + " failed: see the line for why");
        }
        return String.join("; ", parts);
    }
}
