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
 */
public record SampleItem(String name, String title, String explanation, String manifest, boolean mistake) {

    private static final Pattern INGRESS_NAME = Pattern.compile("(?m)^kind:\\s*Ingress\\s*$");
    private static final Pattern NAME = Pattern.compile("(?m)^  name:\\s*(\\S+)\\s*$");

    /** The chapter's entries in its order. */
    public static List<SampleItem> chapter() {
        List<SampleItem> items = new ArrayList<>();
        for (SampleSteps.Step step : SampleSteps.STEPS) {
            if (step.name().equals("simple")) {
                for (SampleSteps.Mistake mistake : SampleSteps.MISTAKES) {
                    String text = resource(mistake.file());
                    items.add(new SampleItem(mistake.file(), "Mistake: " + mistake.what(), comment(text), text,
                            true));
                }
            }
            String text = step.manifest();
            items.add(new SampleItem(step.name(), step.name() + ": " + step.description(), comment(text), text,
                    false));
        }
        return List.copyOf(items);
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

    /** The leading {@code #} lines, without the marks, joined into sentences (indented lines keep their line). */
    static String comment(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            String body = line.length() > 1 && line.charAt(1) == ' ' ? line.substring(2) : line.substring(1);
            if (body.startsWith(" ") || body.startsWith("(openssl")) {
                out.append('\n').append(body.strip());
            } else {
                out.append(out.length() == 0 || out.charAt(out.length() - 1) == '\n' ? "" : " ").append(body);
            }
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
