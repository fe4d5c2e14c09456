package dev.ingresslab.cli;

import dev.ingresslab.control.ControlDirectory;
import dev.ingresslab.core.InstanceLock;
import dev.ingresslab.core.PortChoice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The HTTP port the URLs of {@code hosts} name, when the command itself runs no proxy: the one asked for; else the
 * port a running {@code demo} of this data directory holds (its lock, {@code run/port-N.lock}), or, for a demo on
 * any free port ({@code --http-port 0} takes no lock), the port its control file names; else the one {@code up} and
 * {@code demo} would choose here now (80 when it can be bound, else 8080: {@link PortChoice}).
 *
 * @param port the port, 1–65535
 * @param why  where it comes from, for the line that says so
 */
record UrlPort(int port, String why) {

    private static final Pattern LOCK = Pattern.compile("port-(\\d{1,5})\\.lock");

    /**
     * @param requested     {@code --http-port}, or null
     * @param dataDirectory where running demos keep their port locks
     * @throws IllegalArgumentException when the port asked for is out of range
     */
    static UrlPort of(Integer requested, Path dataDirectory) {
        if (requested != null) {
            if (requested < 1 || requested > 65535) {
                throw new IllegalArgumentException("--http-port must be from 1 to 65535, not " + requested);
            }
            return new UrlPort(requested, "as asked");
        }
        Optional<UrlPort> running = runningDemo(dataDirectory.resolve("run"))
                .or(() -> demoOnAnyFreePort(dataDirectory));
        if (running.isPresent()) {
            return running.get();
        }
        PortChoice choice = PortChoice.of(null, 80, 8080, "HTTP");
        return new UrlPort(choice.port(), "what up and demo choose here now: " + choice.message()
                + "; --http-port names another");
    }

    /** A running demo started with {@code --http-port 0}: its control file names the port the OS gave it. */
    private static Optional<UrlPort> demoOnAnyFreePort(Path dataDirectory) {
        try {
            return new ControlDirectory(dataDirectory).scan().live().stream()
                    .filter(file -> file.command().equals("demo") && file.httpPort() > 0)
                    .findFirst()
                    .map(file -> new UrlPort(file.httpPort(), "the port of " + file.what() + " (pid " + file.pid()
                            + ", since " + file.since() + ")"));
        } catch (RuntimeException e) {
            return Optional.empty(); // as an unreadable lock: fall back to what up would choose
        }
    }

    private static Optional<UrlPort> runningDemo(Path run) {
        if (!Files.isDirectory(run)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(run)) {
            for (Path file : files.sorted().toList()) {
                Matcher name = LOCK.matcher(file.getFileName().toString());
                if (name.matches() && InstanceLock.isHeld(file)) {
                    String holder = InstanceLock.holder(file).map(Object::toString).orElse("an Ingress Lab");
                    return Optional.of(new UrlPort(Integer.parseInt(name.group(1)), "the port of " + holder));
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable data directory names no running demo: fall back to what up would choose
        }
        return Optional.empty();
    }
}
