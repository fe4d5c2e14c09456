package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark, not a test (bench/gui/README.md; run by bench/gui/run): the proxy of a session serving a manifest
 * file (the chapter's path Ingress, two Services on {@link FixedAnswerBackend}s) under a wrk load, in alternating
 * phases of the same run: without the window, with the window open and the Requests view in front, without (the
 * window closed, its Requests model unsubscribed), with (a window opened again); a drift of the machine's load
 * falls on both sides. Each second of a window phase: requests journaled, the FX thread's CPU time (its busy share
 * of one core), frames drawn and dropped (pulses more than 1.5 frames apart, at 60 Hz), the process's RSS. Then a
 * table of the phases with each group of threads' CPU (IO, journal, FX, renderer, GC, JIT), one line per budget of
 * issue 13 with PASS or FAIL, and the threads that used the most CPU.
 *
 * <p>Arguments: {@code [seconds=15] [connections=32]}.
 */
public final class RequestsViewLoad {

    private static final long FRAME_NANOS = 1_000_000_000L / 60;
    /** The budgets of issue 13. */
    private static final double RATE_BUDGET = 10_000;
    private static final double FX_BUDGET = 20;
    private static final double COST_BUDGET = 0.10;
    private static final int MAX_WARM_UP_STEPS = 18;

    private RequestsViewLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path dir = Files.createTempDirectory("ingress-lab-gui-bench");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("load average at the start: " + loadAverage());
        try (FixedAnswerBackend alpaca = new FixedAnswerBackend("alpaca");
             FixedAnswerBackend bandicoot = new FixedAnswerBackend("bandicoot")) {
            LabSession session = serve(dir, alpaca.port(), bandicoot.port());
            try {
                String url = "http://127.0.0.1:" + session.current().connection().httpPort() + "/a/load";
                System.out.println("load: wrk -t2 -c" + connections + " -H 'Host: alpaca.example.com' " + url);
                warmUp("the proxy", url, connections, session, threads); // the JIT's warm-up, not counted
                Platform.setImplicitExit(false); // the toolkit stays up between the window phases
                Window window = new Window(dir, session);
                List<Phase> without = new ArrayList<>();
                List<Phase> with = new ArrayList<>();
                // without, with, without, with: a drift of the machine's load over the run falls on both sides
                for (int round = 1; round <= 2; round++) {
                    Phase off = run(url, connections, seconds, null, session, threads);
                    without.add(off);
                    System.out.printf(Locale.ROOT, "round %d without the window: %.0f requests/s journaled (ended at"
                            + " %.1f s of the JVM's uptime)%n", round, off.rate(), uptimeSeconds());
                    window.open();
                    warmUp("the window", url, connections, session, threads);
                    Phase on = run(url, connections, seconds, window, session, threads);
                    with.add(on);
                    System.out.printf(Locale.ROOT, "round %d with the window: %.0f requests/s journaled (ended at"
                            + " %.1f s of the JVM's uptime)%n", round, on.rate(), uptimeSeconds());
                    window.close();
                }
                summary(without, with);
            } finally {
                session.close();
            }
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }

    /**
     * A warm-up, not counted: the proxy's at the start, and the window's each time one opens (it loads JavaFX's
     * classes, and the JIT compiles the window's code as it gets hot, which on a loaded machine, with the FX thread's
     * small share of a core and four batches a second, takes far longer than the proxy's: -XX:+PrintCompilation
     * showed a thousand compilations of JavaFX methods in a phase that followed 5 s of warm-up; on a machine at load
     * 29 the proxy's first 5 s were not enough either). Load runs in 5 s steps until the JIT compiled for less than
     * 5% of a step's time, at most eighteen steps: the budget is the cost of a view a person keeps open, not of its
     * first minute, and at four batches a second the window's code reaches the JIT's thresholds slowly.
     *
     * @param what what warms up, for the line that says how long it took
     */
    private static void warmUp(String what, String url, int connections, LabSession session, ThreadMXBean threads)
            throws Exception {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int step = 1; step <= MAX_WARM_UP_STEPS; step++) {
            long before = jit.getTotalCompilationTime();
            run(url, connections, 5, null, session, threads);
            long compiling = jit.getTotalCompilationTime() - before;
            if (compiling < 250) {
                System.out.printf(Locale.ROOT, "%s warmed up in %d s (the JIT compiled for %d ms in the last 5 s)%n",
                        what, 5 * step, compiling);
                return;
            }
        }
        System.out.println(what + ": the warm-up stopped after " + 5 * MAX_WARM_UP_STEPS + " s with the JIT still"
                + " compiling; the figures include some of its work");
    }

    /**
     * The window over the session, opened with the Requests view in front and closed again (its Requests model stops
     * following the journal, so the proxy stops capturing details), and its frame counters.
     */
    private static final class Window {
        private final Path dir;
        private final LabSession session;
        private final AtomicLong frames = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private boolean started;
        private long fxThread;
        private IngressLabApp.Opened opened;
        private AnimationTimer timer;

        Window(Path dir, LabSession session) {
            this.dir = dir;
            this.session = session;
        }

        void open() throws Exception {
            CompletableFuture<Long> shown = new CompletableFuture<>();
            Runnable show = () -> {
                Stage stage = new Stage();
                GuiStart start = new GuiStart(SessionOptions.defaults().withDataDirectory(dir.resolve("gui")),
                        new Source.Sandbox(false), Optional.of(session), false);
                opened = IngressLabApp.open(stage, start, url -> { });
                opened.window().show("requests");
                timer = new AnimationTimer() {
                    private long last;

                    @Override
                    public void handle(long now) {
                        frames.incrementAndGet();
                        if (last != 0 && now - last > FRAME_NANOS * 3 / 2) {
                            dropped.addAndGet((now - last) / FRAME_NANOS - 1);
                        }
                        last = now;
                    }
                };
                timer.start();
                shown.complete(Thread.currentThread().getId());
            };
            if (started) {
                Platform.runLater(show);
            } else {
                started = true;
                Platform.startup(show);
            }
            fxThread = shown.get(30, TimeUnit.SECONDS);
            Thread.sleep(2_000); // the window settles
        }

        void close() throws Exception {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Platform.runLater(() -> {
                timer.stop();
                opened.context().requests().close();
                opened.stage().hide();
                closed.complete(null);
            });
            closed.get(30, TimeUnit.SECONDS);
            Thread.sleep(2_000); // what the window had queued is done
        }
    }

    /** The session serving the chapter's path Ingress, its Services' endpoints on the two backends. */
    private static LabSession serve(Path dir, int alpaca, int bandicoot) throws Exception {
        Path file = dir.resolve("path-ingress.yaml");
        Files.writeString(file, service("alpaca", alpaca) + "---\n" + service("bandicoot", bandicoot) + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: path-ingress}
                spec:
                  rules:
                    - host: alpaca.example.com
                      http:
                        paths:
                          - {path: /a, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}
                          - {path: /, pathType: Prefix, backend: {service: {name: bandicoot, port: {number: 8080}}}}
                """);
        ProxySettings settings = ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0);
        return LabSession.start(new Source.Manifests(List.of(file)), SessionOptions.defaults()
                .withDataDirectory(dir.resolve("data")).withProxy(settings));
    }

    private static String service(String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s}
                spec: {ports: [{port: 8080}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %1$s-1, labels: {kubernetes.io/service-name: %1$s}}
                addressType: IPv4
                ports: [{port: %2$d}]
                endpoints: [{addresses: [127.0.0.1]}]
                """.formatted(name, port);
    }

    /**
     * One phase of load: wrk for {@code seconds}, sampled each second.
     *
     * @param samples     per second: journaled rate, FX thread busy %, frames, dropped frames, RSS in MiB
     * @param cpuByThread CPU time per thread name (digits as N, so match names with N) over the phase, in
     *                    nanoseconds: every thread of the process, the JVM's own (GC, JIT) included
     *                    ({@code /proc/self/task})
     * @param gc          the collections during the phase
     */
    private record Phase(List<double[]> samples, Map<String, Long> cpuByThread, double wallSeconds, long journaled,
                         long processCpuNanos, long xServerCpuNanos, long loadCpuNanos, double machineBusy,
                         Collections gc) {
        /** This process's CPU time per journaled request, in microseconds: proxy, journal, window, all threads. */
        double processMicrosPerRequest() {
            return journaled == 0 ? 0 : processCpuNanos / 1e3 / journaled;
        }

        /** As {@link #processMicrosPerRequest}, with the X server's drawing added (Xvfb draws what we render). */
        double withXServerMicrosPerRequest() {
            return journaled == 0 ? 0 : (processCpuNanos + xServerCpuNanos) / 1e3 / journaled;
        }

        /** The mean journaled rate, leaving out the first second (wrk connecting). */
        double rate() {
            return steady().stream().mapToDouble(s -> s[0]).average().orElse(0);
        }

        List<double[]> steady() {
            return samples.size() > 2 ? samples.subList(1, samples.size()) : samples;
        }

        /** The share of one core the threads of {@code group} used over the phase, in percent. */
        double busy(ThreadGroup group) {
            return 100.0 * cpuByThread.entrySet().stream().filter(e -> group.holds(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum() / 1e9 / wallSeconds;
        }
    }

    /**
     * The collector's work over a phase, from the {@link GarbageCollectorMXBean}s and the old generation's pool: with
     * ParallelGC a collection's time is its pause (the application stopped).
     *
     * @param young        young collections (PS Scavenge)
     * @param youngMillis  their pauses, summed, in milliseconds
     * @param full         full collections (PS MarkSweep)
     * @param fullMillis   their pauses, summed, in milliseconds
     * @param oldGrowth    how much the old generation grew, in bytes (promotions, less what full collections freed)
     */
    record Collections(long young, long youngMillis, long full, long fullMillis, long oldGrowth) {

        /** The counters now; {@link #since} turns two readings into a phase's work. */
        static Collections now() {
            long young = 0;
            long youngMillis = 0;
            long full = 0;
            long fullMillis = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                boolean isYoung = collector.getName().contains("Scavenge") || collector.getName().contains("Young");
                if (isYoung) {
                    young += collector.getCollectionCount();
                    youngMillis += collector.getCollectionTime();
                } else {
                    full += collector.getCollectionCount();
                    fullMillis += collector.getCollectionTime();
                }
            }
            long old = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getName().contains("Old Gen") || pool.getName().contains("Tenured"))
                    .mapToLong(pool -> pool.getUsage().getUsed()).sum();
            return new Collections(young, youngMillis, full, fullMillis, old);
        }

        Collections since(Collections before) {
            return new Collections(young - before.young, youngMillis - before.youngMillis, full - before.full,
                    fullMillis - before.fullMillis, oldGrowth - before.oldGrowth);
        }

        /** Milliseconds of pause per second of the phase, both kinds. */
        double pausePerSecond(double wallSeconds) {
            return (youngMillis + fullMillis) / wallSeconds;
        }

        /** The mean young pause, in milliseconds. */
        double meanYoungMillis() {
            return young == 0 ? 0 : (double) youngMillis / young;
        }
    }

    /** The process's threads by job, from their names (Linux keeps the first 15 characters). */
    private enum ThreadGroup {
        IO("proxy and backends' IO threads"),
        JOURNAL("journal feed and batching"),
        FX("FX application thread"),
        RENDERER("renderer (QuantumRenderer: Prism, sw under Xvfb)"),
        GC("GC"),
        JIT("JIT compilers"),
        OTHER("other");

        final String title;

        ThreadGroup(String title) {
            this.title = title;
        }

        boolean holds(String thread) {
            return of(thread) == this;
        }

        static ThreadGroup of(String thread) {
            if (thread.startsWith("XNIO-")) {
                return IO;
            }
            if (thread.startsWith("ingress-lab-jou") || thread.startsWith("ingress-lab-req")) {
                return JOURNAL;
            }
            if (thread.startsWith("JavaFX Applicat")) {
                return FX;
            }
            if (thread.startsWith("QuantumRenderer")) {
                return RENDERER;
            }
            if (thread.startsWith("GC Thread") || thread.startsWith("VM Thread") || thread.startsWith("GN ")) {
                return GC;
            }
            if (thread.startsWith("CN CompilerThre")) {
                return JIT;
            }
            return OTHER;
        }
    }

    /**
     * One phase of load: wrk for {@code seconds}, sampled each second.
     *
     * @param window the open window (its FX thread and frame counters), or null when none is open
     */
    private static Phase run(String url, int connections, int seconds, Window window, LabSession session,
                             ThreadMXBean threads) throws Exception {
        Map<String, Long> cpuBefore = cpuByThread();
        long journaledBefore = session.journal().count();
        long processCpuBefore = processCpu();
        long xBefore = xServerCpu();
        long[] machineBefore = machineTicks();
        Collections gcBefore = Collections.now();
        Process load = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + (seconds + 1) + "s", "-H",
                "Host: alpaca.example.com", url).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<double[]> samples = new ArrayList<>();
        if (window != null) {
            System.out.println("second  requests/s  fx-busy%  frames  dropped  rss-MiB");
        }
        long count = session.journal().count();
        long cpu = window == null ? 0 : threads.getThreadCpuTime(window.fxThread);
        long frameCount = window == null ? 0 : window.frames.get();
        long droppedCount = window == null ? 0 : window.dropped.get();
        long start = System.nanoTime();
        long wall = start;
        for (int second = 1; second <= seconds; second++) {
            Thread.sleep(1_000);
            long nowWall = System.nanoTime();
            long nowCount = session.journal().count();
            long nowCpu = window == null ? 0 : threads.getThreadCpuTime(window.fxThread);
            long nowFrames = window == null ? 0 : window.frames.get();
            long nowDropped = window == null ? 0 : window.dropped.get();
            double elapsed = (nowWall - wall) / 1e9;
            double[] sample = {(nowCount - count) / elapsed, 100.0 * (nowCpu - cpu) / (nowWall - wall),
                    nowFrames - frameCount, nowDropped - droppedCount, rssMiB()};
            samples.add(sample);
            if (window != null) {
                System.out.printf(Locale.ROOT, "%6d  %10.0f  %8.1f  %6.0f  %7.0f  %7.0f%n", second, sample[0],
                        sample[1], sample[2], sample[3], sample[4]);
            }
            count = nowCount;
            cpu = nowCpu;
            frameCount = nowFrames;
            droppedCount = nowDropped;
            wall = nowWall;
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        long journaled = session.journal().count() - journaledBefore;
        long processCpu = processCpu() - processCpuBefore;
        long xCpu = xServerCpu() - xBefore;
        long loadCpu = cpuOf(load.pid());
        long[] machineAfter = machineTicks();
        Collections gc = Collections.now().since(gcBefore);
        double machineBusy = machineAfter[1] == machineBefore[1] ? 0
                : 1 - (double) (machineAfter[0] - machineBefore[0]) / (machineAfter[1] - machineBefore[1]);
        Map<String, Long> used = new HashMap<>();
        cpuByThread().forEach((name, after) -> used.put(name, after - cpuBefore.getOrDefault(name, 0L)));
        load.waitFor(seconds + 10L, TimeUnit.SECONDS);
        load.destroy();
        return new Phase(samples, used, wallSeconds, journaled, processCpu, xCpu, loadCpu, machineBusy, gc);
    }

    /**
     * The CPU time of this process's threads, summed by name with digits as N, in nanoseconds: every thread the
     * kernel knows ({@code /proc/self/task/TID/stat}), so the JVM's GC and JIT threads are counted too. A thread that
     * ended during a phase takes its time with it (the phases' threads live through the run).
     */
    private static Map<String, Long> cpuByThread() throws Exception {
        Map<String, Long> cpu = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    cpu.merge(name.replaceAll("\\d+", "N"), ticksOf(stat) * 10_000_000L, Long::sum);
                } catch (java.io.IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return cpu;
    }

    /** User + system ticks from a {@code /proc/.../stat} line (man 5 proc: utime and stime). */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static void summary(List<Phase> without, List<Phase> with) throws Exception {
        List<double[]> steady = with.stream().flatMap(phase -> phase.steady().stream()).toList();
        double rateWithout = without.stream().mapToDouble(Phase::rate).average().orElse(0);
        double rate = with.stream().mapToDouble(Phase::rate).average().orElse(0);
        double busy = steady.stream().mapToDouble(s -> s[1]).average().orElse(0);
        double maxBusy = steady.stream().mapToDouble(s -> s[1]).max().orElse(0);
        double frames = steady.stream().mapToDouble(s -> s[2]).sum();
        double dropped = steady.stream().mapToDouble(s -> s[3]).sum();
        double rss = with.stream().flatMap(phase -> phase.samples().stream()).mapToDouble(s -> s[4]).max().orElse(0);
        double cost = rateWithout == 0 ? 1 : 1 - rate / rateWithout;
        System.out.println();
        System.out.println("phase            requests/s  µs/request  +Xvfb µs  " + java.util.Arrays.stream(
                ThreadGroup.values()).map(group -> group.name().toLowerCase(Locale.ROOT) + "%")
                .reduce((a, b) -> a + "  " + b).orElse("") + "  wrk%  machine%");
        for (int round = 0; round < without.size(); round++) {
            for (Phase phase : List.of(without.get(round), with.get(round))) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-15s  %10.0f  %10.1f  %8.1f",
                        (phase == with.get(round) ? "with " : "without ") + (round + 1), phase.rate(),
                        phase.processMicrosPerRequest(), phase.withXServerMicrosPerRequest()));
                for (ThreadGroup group : ThreadGroup.values()) {
                    line.append(String.format(Locale.ROOT, "  %" + (group.name().length() + 1) + ".0f",
                            phase.busy(group)));
                }
                line.append(String.format(Locale.ROOT, "  %4.0f  %8.0f", 100.0 * phase.loadCpuNanos() / 1e9
                        / phase.wallSeconds(), 100 * phase.machineBusy()));
                System.out.println(line);
            }
        }
        System.out.println("(% of one core; " + java.util.Arrays.stream(ThreadGroup.values())
                .map(group -> group.name().toLowerCase(Locale.ROOT) + ": " + group.title)
                .reduce((a, b) -> a + ", " + b).orElse("") + "; the Xvfb's CPU in +Xvfb, not in the thread shares)");
        System.out.println();
        System.out.println("phase            young  mean-ms  full  full-ms  pause-ms/s  old-growth-MiB  old-B/request");
        for (int round = 0; round < without.size(); round++) {
            for (Phase phase : List.of(without.get(round), with.get(round))) {
                Collections gc = phase.gc();
                System.out.printf(Locale.ROOT, "%-15s  %5d  %7.1f  %4d  %7d  %10.1f  %14.1f  %13.0f%n",
                        (phase == with.get(round) ? "with " : "without ") + (round + 1), gc.young(),
                        gc.meanYoungMillis(), gc.full(), gc.fullMillis(), gc.pausePerSecond(phase.wallSeconds()),
                        gc.oldGrowth() / 1048576.0, phase.journaled() == 0 ? 0
                                : (double) gc.oldGrowth() / phase.journaled());
            }
        }
        System.out.println("(ParallelGC's pauses: the proxy stops; old growth is promotion less what full collections"
                + " freed)");
        System.out.printf(Locale.ROOT, "with the Requests view (%d s): %.0f requests/s journaled; FX thread %.1f%%"
                + " busy (max %.1f%%); %.0f frames, %.0f dropped (%.1f%%); RSS at most %.0f MiB (proxy, backends"
                + " and window; no sandbox)%n", steady.size(), rate, busy, maxBusy, frames, dropped,
                frames + dropped == 0 ? 0 : 100 * dropped / (frames + dropped), rss);
        for (Map.Entry<String, Phase> named : List.of(Map.entry("without the window", without.get(without.size() - 1)),
                Map.entry("with the window", with.get(with.size() - 1)))) {
            Phase phase = named.getValue();
            System.out.println(named.getKey() + ", last round, the threads that used the most CPU (% of one core): "
                    + phase.cpuByThread().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(8)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(),
                            100.0 * e.getValue() / 1e9 / phase.wallSeconds()))
                    .reduce((a, b) -> a + ", " + b).orElse("none"));
        }
        System.out.println("load average at the end: " + loadAverage());
        System.out.printf(Locale.ROOT, "budget journaled rate >= %.0f/s with the view open: %.0f/s %s%n",
                RATE_BUDGET, rate, rate >= RATE_BUDGET ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "budget FX thread < %.0f%% busy: %.1f%% at %.0f/s %s%n", FX_BUDGET, busy,
                rate, busy < FX_BUDGET ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "budget the view open costs < %.0f%% of throughput: %.0f/s without, %.0f/s"
                + " with (means of the rounds), cost %.1f%% (ratio %.2f) %s%n", 100 * COST_BUDGET, rateWithout, rate,
                100 * cost, 1 - cost, cost < COST_BUDGET ? "PASS" : "FAIL");
        // the same budget in CPU: what the view adds to each request's cost; on a saturated machine throughput
        // falls by added / (1 + added), whatever else runs there
        double microsWithout = without.stream().mapToDouble(Phase::withXServerMicrosPerRequest).average().orElse(0);
        double microsWith = with.stream().mapToDouble(Phase::withXServerMicrosPerRequest).average().orElse(0);
        double added = microsWithout == 0 ? 0 : microsWith / microsWithout - 1;
        double cpuCost = added / (1 + added);
        System.out.printf(Locale.ROOT, "budget the view open costs < %.0f%% of throughput, in CPU per request: %.1f µs"
                + " without, %.1f µs with (X server included), cost %.1f%% %s%n", 100 * COST_BUDGET,
                microsWithout, microsWith, 100 * cpuCost, cpuCost < COST_BUDGET ? "PASS" : "FAIL");
    }

    /** This process's CPU time (all threads), in nanoseconds. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A process's user + system CPU time from {@code /proc/<pid>/stat}, in nanoseconds; 0 when it is gone. */
    private static long cpuOf(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat"))) * 10_000_000L; // USER_HZ is 100
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * The CPU time of the X server of our {@code DISPLAY} (the Xvfb that xvfb-run started: it rasterises what the
     * window sends), in nanoseconds; 0 when it cannot be told which one it is.
     */
    private static long xServerCpu() {
        String display = System.getenv("DISPLAY");
        if (display == null || !display.startsWith(":")) {
            return 0;
        }
        String number = display.substring(1).split("\\.")[0];
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains("Xvfb :"
                + number + " ")).orElse(false)).mapToLong(p -> cpuOf(p.pid())).sum();
    }

    /** The machine's idle and total CPU ticks ({@code /proc/stat}'s first line). */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new long[] {Long.parseLong(fields[4]) + Long.parseLong(fields[5]), total};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    /** Seconds since the JVM started: to place a phase in -XX:+PrintCompilation's or a JFR recording's times. */
    private static double uptimeSeconds() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    }

    private static String loadAverage() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    private static double rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return 0;
    }
}
