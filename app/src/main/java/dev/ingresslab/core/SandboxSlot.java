package dev.ingresslab.core;

import dev.ingresslab.sandbox.Sandbox;
import dev.ingresslab.sandbox.SandboxKubeconfig;
import dev.ingresslab.sandbox.SnapshotFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which sandbox of the data directory a {@code demo} runs, so that two demos never share (and overwrite) one
 * kubeconfig. Slot 1 is <em>the</em> sandbox, the one the README's {@code export KUBECONFIG=…} and {@code up
 * --context ingress-lab-sandbox} name: {@code sandbox/kubeconfig}, context {@value Sandbox#CONTEXT}, objects kept
 * in {@code sandbox/objects.json} between runs. While a demo runs in it, another one takes slot 2, 3, …:
 * {@code sandbox/kubeconfig-2}, context {@code ingress-lab-sandbox-2}, and keeps nothing (its objects would
 * otherwise overwrite the first one's). Each slot is an {@link InstanceLock} ({@code sandbox/instance.lock},
 * {@code sandbox/instance-2.lock}); a kubeconfig of a slot nobody holds, left pointing at a dead port by a killed
 * demo, is marked stopped ({@link SandboxKubeconfig#markStopped}) when the next demo starts, which says so.
 */
public final class SandboxSlot implements AutoCloseable {

    /** More demos at once than anyone runs on one laptop; a bound, so a broken lock cannot loop forever. */
    static final int MAX_SLOTS = 32;
    private static final Pattern SECONDARY_KUBECONFIG = Pattern.compile("kubeconfig-(\\d+)");

    private final int number;
    private final Path directory;
    private final InstanceLock lock;
    private final List<String> notes;
    private final InstanceLock.Holder mainHolder;

    private SandboxSlot(int number, Path directory, InstanceLock lock, List<String> notes,
                        InstanceLock.Holder mainHolder) {
        this.number = number;
        this.directory = directory;
        this.lock = lock;
        this.notes = List.copyOf(notes);
        this.mainHolder = mainHolder;
    }

    /**
     * Takes the first free slot, and marks stopped the kubeconfigs that killed demos left behind.
     *
     * @param what what this demo is, for the message another one prints: {@code demo on port 28080}
     * @throws UncheckedIOException when the data directory cannot be written
     */
    public static SandboxSlot take(Path dataDirectory, String what) {
        Path directory = dataDirectory.resolve("sandbox");
        List<String> notes = new ArrayList<>();
        try {
            for (int number = 1; number <= MAX_SLOTS; number++) {
                Optional<InstanceLock> lock = InstanceLock.tryAcquire(directory.resolve(lockName(number)),
                        InstanceLock.Holder.current(what));
                if (lock.isEmpty()) {
                    continue;
                }
                int taken = number;
                lock.get().previous().ifPresent(previous -> notes.add("the " + previous + " did not stop cleanly"
                        + " (killed?); " + (taken == 1 ? "its saved objects are as last saved, and " : "")
                        + "its kubeconfig " + directory.resolve(kubeconfigName(taken)) + " now points at this"
                        + " demo"));
                markLeftovers(directory, taken, notes);
                InstanceLock.Holder main = taken == 1 ? null
                        : InstanceLock.holder(directory.resolve(lockName(1))).orElse(null);
                return new SandboxSlot(taken, directory, lock.get(), notes, main);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory + " (the data directory; set"
                    + " INGRESS_LAB_HOME to a folder you can write): " + e.getMessage(), e);
        }
        throw new IllegalStateException(MAX_SLOTS + " demos are running from " + directory + ": stop some first");
    }

    /** The kubeconfigs of other slots nobody holds that still point at a server: their demo was killed. */
    private static void markLeftovers(Path directory, int ours, List<String> notes) throws IOException {
        List<Path> kubeconfigs;
        try (Stream<Path> files = Files.list(directory)) {
            kubeconfigs = files.filter(file -> file.getFileName().toString().equals("kubeconfig")
                    || SECONDARY_KUBECONFIG.matcher(file.getFileName().toString()).matches()).toList();
        }
        for (Path kubeconfig : kubeconfigs) {
            Matcher matcher = SECONDARY_KUBECONFIG.matcher(kubeconfig.getFileName().toString());
            int number = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 1;
            if (number == ours || number > MAX_SLOTS || InstanceLock.isHeld(directory.resolve(lockName(number)))) {
                continue;
            }
            Optional<String> server = SandboxKubeconfig.server(kubeconfig);
            if (server.isPresent() && !server.get().equals(SandboxKubeconfig.STOPPED_SERVER)) {
                SandboxKubeconfig.markStopped(kubeconfig, contextName(number), server.get());
                notes.add("the kubeconfig " + kubeconfig + " pointed at a demo that is gone (" + server.get()
                        + "); it is marked stopped");
            }
        }
    }

    private static String lockName(int number) {
        return number == 1 ? "instance.lock" : "instance-" + number + ".lock";
    }

    private static String kubeconfigName(int number) {
        return number == 1 ? "kubeconfig" : "kubeconfig-" + number;
    }

    private static String contextName(int number) {
        return number == 1 ? Sandbox.CONTEXT : Sandbox.CONTEXT + "-" + number;
    }

    /** 1 for the sandbox whose objects are kept; 2, 3, … for the others running beside it. */
    public int number() {
        return number;
    }

    public Path kubeconfig() {
        return directory.resolve(kubeconfigName(number));
    }

    /** {@code ingress-lab-sandbox}, or {@code ingress-lab-sandbox-2} … for the others. */
    public String context() {
        return contextName(number);
    }

    /** Where the objects are kept between runs: only slot 1 keeps them. */
    public Optional<SnapshotFile> snapshot() {
        return number == 1 ? Optional.of(new SnapshotFile(directory.resolve("objects.json"))) : Optional.empty();
    }

    /** For slots 2 and up: the demo running in slot 1, as its lock names it (empty while it is starting). */
    public Optional<InstanceLock.Holder> mainHolder() {
        return Optional.ofNullable(mainHolder);
    }

    /** What was found and fixed on the way (killed demos' leftovers), one line each, for the user. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        lock.close();
    }
}
