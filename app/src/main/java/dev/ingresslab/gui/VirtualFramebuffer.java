package dev.ingresslab.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the local X display is Xvfb, the X virtual framebuffer ({@code xvfb-run}, CI, a headless server), and so
 * whether JavaFX should draw with its software pipeline from the start.
 *
 * <p>Why: JavaFX tries its OpenGL pipeline (es2) first. Under Xvfb the only OpenGL is Mesa's software renderer
 * (llvmpipe), which JavaFX 21's hardware qualifier rejects ("System GPU doesn't meet the es2 pipe requirement"),
 * falling back to the software pipeline; but by then Mesa's libraries (libLLVM, the swrast driver) and a shared
 * memory segment are mapped and stay so: about 75 MiB of the process's resident set (bench/gui/rss,
 * docs/benchmarks.md). Asking for {@code prism.order=sw} on such a display gives the same pipeline without that
 * cost. A display with a GPU is never Xvfb, so nothing changes where hardware rendering is possible.
 *
 * <p>How: a local display {@code :N} (or {@code unix:N}, with an optional {@code .screen}) is Xvfb when a process
 * of this machine's process table ({@code /proc/PID/cmdline}, Linux) runs a program named {@code Xvfb} with the
 * argument {@code :N} (Xvfb's display argument; without one it serves {@code :0}). A display on another host, a
 * process table this process cannot read, or any other form answers false: JavaFX decides as it always does.
 */
final class VirtualFramebuffer {

    /** The system property JavaFX reads for its pipelines, in order of preference. */
    static final String PRISM_ORDER = "prism.order";

    private VirtualFramebuffer() {
    }

    /**
     * Sets {@value #PRISM_ORDER} to {@code sw} when {@code display} (a {@code DISPLAY} value, may be null) is a local
     * Xvfb and the property is not set already (the user's choice wins). Call before JavaFX starts.
     *
     * @return whether it set the property
     */
    static boolean preferSoftwarePipeline(String display) {
        if (System.getProperty(PRISM_ORDER) != null || !isXvfb(display, Path.of("/proc"))) {
            return false;
        }
        System.setProperty(PRISM_ORDER, "sw");
        return true;
    }

    /**
     * Whether {@code display} names a local display that a process listed under {@code proc} serves as Xvfb.
     *
     * @param display a {@code DISPLAY} value such as {@code :99} or {@code unix:0.0}; null or another form: false
     * @param proc    the process table's root ({@code /proc}; tests give a directory of their own)
     */
    static boolean isXvfb(String display, Path proc) {
        if (display == null) {
            return false;
        }
        String value = display.strip();
        int colon = value.indexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        if (colon < 0 || !(host.isEmpty() || host.equals("unix")) || value.indexOf(':', colon + 1) >= 0) {
            return false;
        }
        String rest = value.substring(colon + 1);
        String number = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            return false;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc,
                entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                if (servesAsXvfb(process.resolve("cmdline"), ":" + Integer.parseInt(number))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // no process table (macOS), or one we may not read: JavaFX decides as usual
        }
        return false;
    }

    /** Whether the NUL-separated command line in {@code cmdline} runs Xvfb as {@code displayArgument}. */
    private static boolean servesAsXvfb(Path cmdline, String displayArgument) {
        List<String> argv;
        try {
            argv = Arrays.asList(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return false; // the process ended, or is not ours to read
        }
        if (argv.isEmpty() || !Path.of(argv.get(0).isEmpty() ? "-" : argv.get(0)).getFileName().toString()
                .equals("Xvfb")) {
            return false;
        }
        boolean anyDisplay = argv.stream().skip(1).anyMatch(argument -> argument.startsWith(":"));
        return argv.contains(displayArgument) || (!anyDisplay && displayArgument.equals(":0"));
    }
}
