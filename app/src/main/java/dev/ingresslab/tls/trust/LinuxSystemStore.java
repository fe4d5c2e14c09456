package dev.ingresslab.tls.trust;

import dev.ingresslab.sandbox.AtomicFile;
import dev.ingresslab.tls.local.LocalCa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux system store, which curl, wget, Go programs, Python and Chromium-less tools read: the CA as a {@code .crt}
 * file in the distribution's anchors folder, then its update tool. Debian and Ubuntu: {@code
 * /usr/local/share/ca-certificates/} and {@code update-ca-certificates} (update-ca-certificates(8)); Fedora, RHEL:
 * {@code /etc/pki/ca-trust/source/anchors/} and {@code update-ca-trust} (update-ca-trust(8)). Both folders belong to
 * root: without the rights to write there, the step says which commands to run with {@code sudo}.
 *
 * @param anchors the anchors folder
 * @param update  the update command, as its words
 */
public record LinuxSystemStore(String flavour, Path anchors, List<String> update) implements TrustStore {

    public LinuxSystemStore {
        update = List.copyOf(update);
    }

    /** Debian, Ubuntu. */
    public static LinuxSystemStore debian() {
        return new LinuxSystemStore("Debian", Path.of("/usr/local/share/ca-certificates"),
                List.of("update-ca-certificates"));
    }

    /** Fedora, RHEL, CentOS. */
    public static LinuxSystemStore fedora() {
        return new LinuxSystemStore("Fedora", Path.of("/etc/pki/ca-trust/source/anchors"), List.of("update-ca-trust"));
    }

    @Override
    public String name() {
        return "Linux system store (" + anchors + ")";
    }

    @Override
    public boolean present() {
        return Files.isDirectory(anchors) && Commands.onPath(update.get(0)) != null;
    }

    /** The anchors folder: adding or removing a CA file changes its modification time. */
    @Override
    public List<Path> files() {
        return List.of(anchors);
    }

    /** The file this CA gets: one per CA, so two data directories' CAs do not replace each other. */
    Path fileOf(LocalCa ca) {
        return anchors.resolve("ingress-lab-" + ca.fingerprint().replace(":", "").substring(0, 16).toLowerCase(
                java.util.Locale.ROOT) + ".crt");
    }

    @Override
    public TrustStep status(LocalCa ca) {
        Path file = fileOf(ca);
        boolean there = Files.isRegularFile(file) && contentIs(file, ca.certificatePem());
        return step(there ? TrustStep.State.TRUSTED : TrustStep.State.NOT_TRUSTED, there ? file.toString() : "", List.of());
    }

    @Override
    public TrustStep trust(LocalCa ca) {
        Path file = fileOf(ca);
        if (Files.isRegularFile(file) && contentIs(file, ca.certificatePem())) {
            return step(TrustStep.State.TRUSTED, "already in " + file, List.of());
        }
        List<String> updateCommand = updateCommand();
        if (!Files.isWritable(anchors)) {
            return step(TrustStep.State.NEEDS_PRIVILEGE, anchors + " is root's: run these with sudo", List.of(
                    List.of("sudo", "cp", ca.certificateFile().toString(), file.toString()),
                    sudo(updateCommand)));
        }
        try {
            AtomicFile.write(file, ca.certificatePem().getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            return step(TrustStep.State.FAILED, "cannot write " + file + ": " + e.getMessage(), List.of());
        }
        return afterUpdate(TrustStep.State.TRUSTED, "wrote " + file, updateCommand);
    }

    @Override
    public TrustStep untrust(LocalCa ca) {
        Path file = fileOf(ca);
        if (!Files.exists(file)) {
            return step(TrustStep.State.NOT_TRUSTED, "not in " + anchors, List.of());
        }
        List<String> updateCommand = updateCommand();
        if (!Files.isWritable(anchors)) {
            return step(TrustStep.State.NEEDS_PRIVILEGE, anchors + " is root's: run these with sudo", List.of(
                    List.of("sudo", "rm", file.toString()), sudo(updateCommand)));
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            return step(TrustStep.State.FAILED, "cannot remove " + file + ": " + e.getMessage(), List.of());
        }
        return afterUpdate(TrustStep.State.NOT_TRUSTED, "removed " + file, updateCommand);
    }

    private TrustStep afterUpdate(TrustStep.State state, String done, List<String> updateCommand) {
        Commands.Result result = Commands.run(updateCommand);
        if (!result.ok()) {
            return step(TrustStep.State.FAILED, done + ", but " + String.join(" ", updateCommand) + " failed: "
                    + result.output(), List.of(updateCommand));
        }
        return step(state, done + " and ran " + String.join(" ", updateCommand), List.of(updateCommand));
    }

    private List<String> updateCommand() {
        Path tool = Commands.onPath(update.get(0));
        List<String> command = new ArrayList<>(update);
        if (tool != null) {
            command.set(0, tool.toString());
        }
        return command;
    }

    private static List<String> sudo(List<String> command) {
        List<String> words = new ArrayList<>(List.of("sudo"));
        words.addAll(command);
        return words;
    }

    private TrustStep step(TrustStep.State state, String detail, List<List<String>> commands) {
        return new TrustStep(name(), state, detail, commands);
    }

    private static boolean contentIs(Path file, String pem) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).equals(pem);
        } catch (IOException e) {
            return false;
        }
    }
}
