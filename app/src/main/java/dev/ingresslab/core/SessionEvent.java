package dev.ingresslab.core;

import dev.ingresslab.manifest.ManifestProblem;
import dev.ingresslab.translate.Translation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happens in a {@link LabSession}, as it happens: published to {@link LabSession#events()} subscribers in the
 * order it happened, on each subscriber's own delivery thread (see docs/session.md). Every event says when it
 * happened and, in {@link #text()}, what the command line prints for it (the GUI may say it otherwise).
 */
public sealed interface SessionEvent {

    /** When it happened. */
    Instant at();

    /** The event in words, as the command line prints it: one or more lines, without a trailing newline. */
    String text();

    /**
     * A new route table is in force (the proxy serves it from now on; with {@link SessionOptions#serveRequests()}
     * off, it is the one {@link LabSession#explain} uses).
     *
     * @param translation the table with its diagnostics, conflicts and ignored Ingresses
     * @param verb        {@code serving} for the first table of files, {@code reloaded} after a change of them,
     *                    {@code applied} for a cluster's
     * @param notes       what the manifest files held but translation does not use (a Deployment, a kind given
     *                    twice), in words; empty for clusters
     */
    record RoutesApplied(Instant at, Translation translation, String verb, List<String> notes)
            implements SessionEvent {
        public RoutesApplied {
            Objects.requireNonNull(translation);
            notes = List.copyOf(notes);
        }

        @Override
        public String text() {
            return verb + ": " + translation.table().allRoutes().size() + " routes";
        }
    }

    /**
     * The manifest files changed but cannot be used: the previous routes stay in force.
     *
     * @param problems each with its file and line, and what to do
     */
    record ReloadRejected(Instant at, List<ManifestProblem> problems) implements SessionEvent {
        public ReloadRejected {
            problems = List.copyOf(problems);
        }

        @Override
        public String text() {
            StringBuilder text = new StringBuilder("the manifests changed but cannot be used; still serving the"
                    + " previous routes:");
            for (ManifestProblem problem : problems) {
                text.append("\n  ").append(problem.display().replace("\n", "\n  "));
            }
            return text.toString();
        }
    }

    /**
     * The API server stopped answering watches, or answers again; the proxy keeps serving the last routes meanwhile.
     *
     * @param connected         whether it answers now
     * @param disconnectedSince when it stopped answering; null once connected
     */
    record ConnectionChanged(Instant at, boolean connected, Instant disconnectedSince) implements SessionEvent {
        @Override
        public String text() {
            return connected ? "reconnected to the API server; routes follow the cluster again"
                    : "disconnected from the API server since " + disconnectedSince + "; still serving the last"
                    + " routes, and reconnecting";
        }
    }

    /**
     * Whether this Ingress Lab writes the cluster's Ingress status and Events (it holds the Lease {@code
     * ingress-lab}), and who does when another does.
     *
     * @param held   whether this session controls the cluster
     * @param holder the identity of the other Ingress Lab holding the Lease, or empty
     * @param text   what changed, in words
     */
    record LeadershipChanged(Instant at, boolean held, String holder, String text) implements SessionEvent {
    }

    /**
     * How pods are reached was decided ({@code auto} decides at the first endpoint; {@code direct} and {@code
     * port-forward} at start).
     *
     * @param connector {@code direct} or {@code port-forward}
     * @param text      why, in words
     */
    record ConnectorChosen(Instant at, String connector, String text) implements SessionEvent {
    }

    /**
     * Something went wrong that the session survives: a status or Event that could not be written, a translation
     * that failed (the previous routes stay).
     *
     * @param text what went wrong and what to do
     */
    record Problem(Instant at, String text) implements SessionEvent {
    }

    /**
     * A line of information about the session's start or stop (the sandbox's API server and context, saved objects
     * restored, the port chosen, what {@code serve} needs for endpoints).
     */
    record Notice(Instant at, String text) implements SessionEvent {
    }

    /** Progress of a sample operation ({@link LabSession#applySample}, {@link LabSession#deleteSample}). */
    sealed interface SampleProgress extends SessionEvent {
        /** The step's name ({@link SampleSteps.Step#name()}), or the mistake's file. */
        String step();
    }

    /** A sample step starts being applied or deleted. */
    record SampleStarted(Instant at, String step, String description, boolean deleting) implements SampleProgress {
        @Override
        public String text() {
            return step + ": " + description;
        }
    }

    /**
     * One object of a step was applied, deleted, or kept because it is not ours.
     *
     * @param object {@code Kind namespace/name}
     * @param action {@code applied}, {@code deleted} or {@code kept}
     * @param text   the line, with the reason for {@code kept}
     */
    record SampleObject(Instant at, String step, String object, String action, String text)
            implements SampleProgress {
    }

    /**
     * How many replicas of a step's Deployment are available, each time the count changes, and once more when it
     * is not ready in time.
     *
     * @param timedOut true when the wait ended without all replicas (the text says how to find out why)
     */
    record DeploymentProgress(Instant at, String step, String namespace, String name, int available, int wanted,
                              boolean timedOut, String text) implements SampleProgress {
    }

    /**
     * A sample operation ended.
     *
     * @param succeeded every object applied (or deleted) and every Deployment ready
     * @param waited    how long it took
     */
    record SampleFinished(Instant at, String step, boolean succeeded, Duration waited) implements SampleProgress {
        @Override
        public String text() {
            return step + ": " + (succeeded ? "done" : "not complete") + " in " + waited.toMillis() + " ms";
        }
    }

    /**
     * One of the chapter's mistakes was sent to the API server and refused, as the chapter shows.
     *
     * @param apiServerMessage the API server's answer, as kubectl shows it
     * @param fix              what the manifest should say instead
     */
    record MistakeRefused(Instant at, String step, String apiServerMessage, String fix) implements SampleProgress {
        @Override
        public String text() {
            return step + ": the API server refused it: " + apiServerMessage + "\nfix: " + fix;
        }
    }
}
