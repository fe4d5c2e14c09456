package dev.ingresslab.cli;

import dev.ingresslab.text.ShellWords;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the commands we print find the launcher and the chapter's files: relative to the working directory when
 * it is the checkout (the README's {@code ./ingress-lab …}), else at the checkout the launcher ran from (it passes
 * {@code -Dingress-lab.root}), written so that they paste into a shell.
 *
 * @param root the checkout: the folder holding {@code ingress-lab} and {@code samples/ch8/}, or null when
 *             Ingress Lab runs from somewhere else (the samples then exist only inside the application)
 * @param here the working directory the printed commands are typed in
 */
record Checkout(Path root, Path here) {

    /** The system property the launcher sets to the checkout's absolute path. */
    static final String ROOT_PROPERTY = "ingress-lab.root";

    /** The checkout of this run: the working directory's, else the launcher's, else none. */
    static Checkout current() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("samples").resolve("ch8"))) {
            return new Checkout(here, here);
        }
        String launched = System.getProperty(ROOT_PROPERTY);
        if (launched != null && Files.isDirectory(Path.of(launched, "samples", "ch8"))) {
            return new Checkout(Path.of(launched).toAbsolutePath(), here);
        }
        return new Checkout(null, here);
    }

    /** Whether the chapter's files are on disk, so that kubectl can be given them. */
    boolean hasSamples() {
        return root != null;
    }

    /**
     * A file under samples/ch8/ as a shell word: {@code samples/ch8/host-ingress.yaml} from the checkout, else its
     * absolute path, quoted when it needs to be.
     *
     * @throws IllegalStateException when there is no checkout ({@link #hasSamples()} is false)
     */
    String sample(String file) {
        if (root == null) {
            throw new IllegalStateException("no checkout: the samples are only inside the application");
        }
        Path sample = root.resolve("samples").resolve("ch8").resolve(file).normalize(); // ../gateway/…
        String text = root.equals(here) ? here.relativize(sample).toString() : sample.toString();
        return ShellWords.quote(file.endsWith("/") ? text + "/" : text);
    }

    /** The launcher as a command word: {@code ./ingress-lab} in the checkout, its path elsewhere. */
    String launcher() {
        if (root == null) {
            return "ingress-lab";
        }
        return root.equals(here) ? "./ingress-lab" : ShellWords.quote(root.resolve("ingress-lab"));
    }
}
