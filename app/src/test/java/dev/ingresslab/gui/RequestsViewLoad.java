package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.requests.RoutedProxy;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark, not a test (bench/gui/README.md; run by bench/gui/run): the window with the Requests view in front,
 * over a session whose proxy a load generator drives (wrk when installed, else a loop of Java clients), and each
 * second: requests journaled, the FX thread's CPU time (its busy share of one core), frames drawn and dropped
 * (pulses more than 1.5 frames apart, at 60 Hz), and the process's RSS.
 *
 * <p>Arguments: {@code [seconds=20] [connections=32]}.
 */
public final class RequestsViewLoad {

    private static final long FRAME_NANOS = 1_000_000_000L / 60;

    private RequestsViewLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path dir = Files.createTempDirectory("ingress-lab-gui-bench");
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            CompletableFuture<Long> fxThread = new CompletableFuture<>();
            AtomicLong frames = new AtomicLong();
            AtomicLong dropped = new AtomicLong();
            Platform.startup(() -> {
                Stage stage = new Stage();
                GuiStart start = new GuiStart(SessionOptions.defaults().withDataDirectory(dir.resolve("gui")),
                        new Source.Sandbox(false), Optional.of(proxy.session()), false);
                IngressLabApp.Opened app = IngressLabApp.open(stage, start, url -> { });
                app.window().show("requests");
                new AnimationTimer() {
                    private long last;

                    @Override
                    public void handle(long now) {
                        frames.incrementAndGet();
                        if (last != 0 && now - last > FRAME_NANOS * 3 / 2) {
                            dropped.addAndGet((now - last) / FRAME_NANOS - 1);
                        }
                        last = now;
                    }
                }.start();
                fxThread.complete(Thread.currentThread().getId());
            });
            long fx = fxThread.get(30, TimeUnit.SECONDS);
            Thread.sleep(2_000); // the window settles
            Process load = startLoad(proxy, seconds, connections);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            List<double[]> samples = new ArrayList<>();
            System.out.println("second  requests/s  fx-busy%  frames  dropped  rss-MiB");
            long count = proxy.journal().count();
            long cpu = threads.getThreadCpuTime(fx);
            long frameCount = frames.get();
            long droppedCount = dropped.get();
            long wall = System.nanoTime();
            for (int second = 1; second <= seconds; second++) {
                Thread.sleep(1_000);
                long nowWall = System.nanoTime();
                long nowCount = proxy.journal().count();
                long nowCpu = threads.getThreadCpuTime(fx);
                long nowFrames = frames.get();
                long nowDropped = dropped.get();
                double elapsed = (nowWall - wall) / 1e9;
                double[] sample = {(nowCount - count) / elapsed, 100.0 * (nowCpu - cpu) / (nowWall - wall),
                        nowFrames - frameCount, nowDropped - droppedCount, rssMiB()};
                samples.add(sample);
                System.out.printf(Locale.ROOT, "%6d  %10.0f  %8.1f  %6.0f  %7.0f  %7.0f%n", second, sample[0],
                        sample[1], sample[2], sample[3], sample[4]);
                count = nowCount;
                cpu = nowCpu;
                frameCount = nowFrames;
                droppedCount = nowDropped;
                wall = nowWall;
            }
            load.destroy();
            load.waitFor(10, TimeUnit.SECONDS);
            summary(samples);
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }

    private static Process startLoad(RoutedProxy proxy, int seconds, int connections) throws Exception {
        String url = "http://127.0.0.1:" + proxy.address().getPort() + "/a/load";
        boolean wrk = new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() == 0;
        if (wrk) {
            System.out.println("load: wrk -t2 -c" + connections + " -d" + seconds + "s -H 'Host: "
                    + RoutedProxy.HOST + "' " + url);
            return new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "-H",
                    "Host: " + RoutedProxy.HOST, url).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        }
        System.out.println("load: wrk is not installed; " + connections + " Java clients in a loop");
        String classpath = System.getProperty("java.class.path");
        return new ProcessBuilder("java", "-cp", classpath, LoopLoad.class.getName(), url, RoutedProxy.HOST,
                Integer.toString(connections), Integer.toString(seconds)).inheritIO().start();
    }

    private static void summary(List<double[]> samples) {
        // the first two seconds are the JIT's; the figures are those of the rest
        List<double[]> steady = samples.size() > 4 ? samples.subList(2, samples.size()) : samples;
        double rate = steady.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double busy = steady.stream().mapToDouble(s -> s[1]).average().orElse(0);
        double maxBusy = steady.stream().mapToDouble(s -> s[1]).max().orElse(0);
        double frames = steady.stream().mapToDouble(s -> s[2]).sum();
        double dropped = steady.stream().mapToDouble(s -> s[3]).sum();
        double rss = samples.stream().mapToDouble(s -> s[4]).max().orElse(0);
        System.out.printf(Locale.ROOT, "steady state (%d s): %.0f requests/s journaled; FX thread %.1f%% busy"
                + " (max %.1f%%); %.0f frames, %.0f dropped (%.1f%%); RSS at most %.0f MiB%n", steady.size(), rate,
                busy, maxBusy, frames, dropped, frames + dropped == 0 ? 0 : 100 * dropped / (frames + dropped), rss);
    }

    private static double rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return 0;
    }

    /** The load generator without wrk: {@code connections} threads sending keep-alive GETs with the Host. */
    public static final class LoopLoad {

        public static void main(String[] args) throws Exception {
            java.net.URI uri = java.net.URI.create(args[0]);
            String host = args[1];
            int connections = Integer.parseInt(args[2]);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
            byte[] request = ("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Thread thread = new Thread(() -> {
                    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                        java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                        while (System.nanoTime() < end) {
                            socket.getOutputStream().write(request);
                            readResponse(in);
                        }
                    } catch (java.io.IOException e) {
                        // the proxy closed; this client stops
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private static void readResponse(java.io.InputStream in) throws java.io.IOException {
            long length = 0;
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new java.io.EOFException();
                }
                if (b == '\n') {
                    String text = line.toString().trim();
                    line.setLength(0);
                    if (text.isEmpty()) {
                        break;
                    }
                    if (text.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Long.parseLong(text.substring(15).trim());
                    }
                } else {
                    line.append((char) b);
                }
            }
            in.skipNBytes(length);
        }
    }
}
