package dev.ingresslab.gui;

import dev.ingresslab.core.SampleSteps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the Samples view: a chapter step ({@link SampleSteps#STEPS}) or one of its two mistakes
 * ({@link SampleSteps#MISTAKES}), in the chapter's order (the mistakes just before {@code simple}, which they
 * reuse the name of).
 *
 * @param name        what {@code LabSession.applySample} takes: the step's name, or the mistake's file
 * @param title       the list's line
 * @param explanation the manifest's leading comment, which explains the step in two or three sentences
 * @param manifest    the YAML, as shipped in samples/ch8/
 * @param mistake     true for one of the chapter's mistakes (the API server refuses it; it cannot be deleted)
 * @param step        the step's number, the one its manifest's comment gives ("# Step 2: …"): {@code simple} is 1,
 *                    then each step in {@link SampleSteps#STEPS}' order; 0 for what is not a numbered step (the
 *                    services every step needs, and the mistakes)
 */
public record SampleItem(String name, String title, String explanation, String manifest, boolean mistake, int step) {

    private static final Pattern INGRESS_NAME = Pattern.compile("(?m)^kind:\\s*Ingress\\s*$");
    private static final Pattern NAME = Pattern.compile("(?m)^  name:\\s*(\\S+)\\s*$");
    /** How a manifest's comment numbers its step: "Step 2: route by the Host header." */
    private static final Pattern STEP_PREFIX = Pattern.compile("^Step (\\d+): ");

    /** The chapter's entries in its order. */
    public static List<SampleItem> chapter() {
        List<SampleItem> items = new ArrayList<>();
        int number = 0;
        for (SampleSteps.Step step : SampleSteps.STEPS) {
            if (step.name().equals("simple")) {
                for (SampleSteps.Mistake mistake : SampleSteps.MISTAKES) {
                    String text = resource(mistake.file());
                    items.add(new SampleItem(mistake.file(), "Mistake: " + mistake.what(), comment(text), text,
                            true, 0));
                }
            }
            // the chapter counts from its first Ingress: the services before it are what every step needs
            int stepNumber = step.name().equals("services") ? 0 : ++number;
            String text = step.manifest();
            items.add(new SampleItem(step.name(), step.name() + ": " + step.description(),
                    withoutStepNumber(comment(text)), text, false, stepNumber));
        }
        return List.copyOf(items);
    }

    /** What the list shows: "2. host: …" for a numbered step, the title alone for the services and mistakes. */
    public String listLine() {
        return step > 0 ? step + ". " + title : title;
    }

    /** What the detail pane's heading shows: "Step 2 · host: …", the same number as the list and the YAML. */
    public String heading() {
        return step > 0 ? "Step " + step + " · " + title : title;
    }

    /** The number a manifest's comment gives its step ("# Step 2: …"), or 0 when it gives none. */
    public static int numberInComment(String manifest) {
        Matcher step = STEP_PREFIX.matcher(comment(manifest));
        return step.find() ? Integer.parseInt(step.group(1)) : 0;
    }

    /** The comment without its "Step N: " (the heading says it), starting with a capital as a sentence does. */
    private static String withoutStepNumber(String comment) {
        Matcher step = STEP_PREFIX.matcher(comment);
        if (!step.find()) {
            return comment;
        }
        String rest = comment.substring(step.end());
        return rest.isEmpty() ? rest : Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
    }

    /**
     * The names of the Ingresses the manifest declares (each document's {@code metadata.name} when its {@code
     * kind} is Ingress), for listing the routes the step made.
     */
    public List<String> ingressNames() {
        List<String> names = new ArrayList<>();
        for (String document : manifest.split("(?m)^---\\s*$")) {
            if (INGRESS_NAME.matcher(document).find()) {
                Matcher name = NAME.matcher(document);
                if (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return names;
    }

    /**
     * The leading {@code #} lines, without the marks, joined into sentences; an indented line (a command to type)
     * keeps a line of its own, and the prose after it starts a new line.
     */
    static String comment(String text) {
        StringBuilder out = new StringBuilder();
        boolean afterCommand = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            String body = line.length() > 1 && line.charAt(1) == ' ' ? line.substring(2) : line.substring(1);
            boolean command = body.startsWith(" ") || body.startsWith("(openssl");
            if (out.length() > 0) {
                out.append(command || afterCommand ? "\n" : " ");
            }
            out.append(command ? body.strip() : body);
            afterCommand = command;
        }
        return out.toString().strip();
    }

    private static String resource(String file) {
        try (var in = SampleItem.class.getClassLoader().getResourceAsStream("samples/ch8/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the sample samples/ch8/" + file + " is missing from the"
                        + " application");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
