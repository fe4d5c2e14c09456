package dev.ingresslab.core;

import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.ProxyStartException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A port this Ingress Lab is about to serve, claimed before anything slow starts, so that a second instance on the
 * same port fails within a second and says who holds it, instead of starting a sandbox and failing ten seconds
 * later with {@code Address already in use}. Two parts: an {@link InstanceLock} per port in the data directory
 * ({@code run/port-28080.lock}), which makes two Ingress Labs started at the same instant agree on one winner and
 * lets the loser name the winner; and a {@link PortProbe} on every address, for other programs. Port 0 (any free
 * port) claims nothing.
 */
public final class PortClaim implements AutoCloseable {

    private static final String HTTP_OPTION = "--http-port";
    private static final String HTTPS_OPTION = "--https-port";

    /** The port cannot be ours; the message says who has it and what to do. */
    public static final class PortUnavailableException extends ProxyStartException {
        public PortUnavailableException(String message) {
            super(message, null);
        }
    }

    private final List<InstanceLock> locks;

    private PortClaim(List<InstanceLock> locks) {
        this.locks = List.copyOf(locks);
    }

    /**
     * Claims every port the proxy of {@code settings} will listen on: the HTTP port and, when it has one, the HTTPS
     * port, each named by its option in the message. Either both are ours or neither is.
     *
     * @param what what this instance is, for the message another one prints: {@code demo}
     * @throws PortUnavailableException when a port is held by another Ingress Lab or program, or when the two ports
     *                                  are the same number
     */
    public static PortClaim acquire(Path dataDirectory, ProxySettings settings, String what) {
        refuseOnePortForBoth(settings);
        PortClaim http = acquire(dataDirectory, settings.httpPort(), settings.bindAddresses(), what, HTTP_OPTION);
        if (settings.https() == null) {
            return http;
        }
        try {
            PortClaim https = acquire(dataDirectory, settings.https().port(), settings.bindAddresses(), what,
                    HTTPS_OPTION);
            List<InstanceLock> both = new java.util.ArrayList<>(http.locks);
            both.addAll(https.locks);
            return new PortClaim(both);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /**
     * As {@link #check(Path, int, List, String)} for every port of {@code settings}: HTTP, then HTTPS when it has
     * one.
     *
     * @throws PortUnavailableException as {@link #acquire(Path, ProxySettings, String)} does
     */
    public static void check(Path dataDirectory, ProxySettings settings) {
        refuseOnePortForBoth(settings);
        check(dataDirectory, settings.httpPort(), settings.bindAddresses(), HTTP_OPTION);
        if (settings.https() != null) {
            check(dataDirectory, settings.https().port(), settings.bindAddresses(), HTTPS_OPTION);
        }
    }

    private static void refuseOnePortForBoth(ProxySettings settings) {
        if (settings.https() != null && settings.httpPort() != 0 && settings.https().port() == settings.httpPort()) {
            throw new PortUnavailableException("HTTP and HTTPS cannot share port " + settings.httpPort()
                    + ": choose another with " + HTTP_OPTION + " or " + HTTPS_OPTION);
        }
    }

    /**
     * @param what      what this instance is, for the message another one prints: {@code demo}
     * @param option    the option that chooses the port, for the message: {@code --http-port}
     * @throws PortUnavailableException when another Ingress Lab holds the port, or another program listens on it
     */
    public static PortClaim acquire(Path dataDirectory, int port, List<String> addresses, String what,
                                    String option) {
        if (port == 0) {
            return new PortClaim(List.of());
        }
        Path file = lockFile(dataDirectory, port);
        Optional<InstanceLock> lock;
        try {
            lock = InstanceLock.tryAcquire(file, InstanceLock.Holder.current(what + " on port " + port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " (the data directory; set INGRESS_LAB_HOME to"
                    + " a folder you can write): " + e.getMessage(), e);
        }
        if (lock.isEmpty()) {
            throw heldByAnother(file, port, option);
        }
        Optional<String> problem = PortProbe.problem(port, addresses);
        if (problem.isPresent()) {
            lock.get().close();
            throw new PortUnavailableException(problem.get() + ": stop it, or choose another port with " + option);
        }
        return new PortClaim(List.of(lock.get()));
    }

    /**
     * Checks, claiming nothing and writing nothing, that {@code port} could be ours now: for commands that start
     * fast ({@code serve}) or that must not touch a cluster before they know they can serve it ({@code up}).
     *
     * @throws PortUnavailableException as {@link #acquire} does
     */
    public static void check(Path dataDirectory, int port, List<String> addresses, String option) {
        if (port == 0) {
            return;
        }
        Path file = lockFile(dataDirectory, port);
        boolean held;
        try {
            held = InstanceLock.isHeld(file);
        } catch (IOException e) {
            held = false; // an unreadable data directory names nobody; the probe still speaks for the port
        }
        if (held) {
            throw heldByAnother(file, port, option);
        }
        Optional<String> problem = PortProbe.problem(port, addresses);
        if (problem.isPresent()) {
            throw new PortUnavailableException(problem.get() + ": stop it, or choose another port with " + option);
        }
    }

    private static Path lockFile(Path dataDirectory, int port) {
        return dataDirectory.resolve("run").resolve("port-" + port + ".lock");
    }

    private static PortUnavailableException heldByAnother(Path file, int port, String option) {
        String holder = InstanceLock.holder(file).map(h -> ": " + h + "; stop it (Ctrl-C in its terminal, or"
                + " `kill " + h.pid() + "`)").orElse(" (starting at this moment); stop it");
        return new PortUnavailableException("port " + port + " is in use by another Ingress Lab" + holder
                + ", or choose another port with " + option);
    }

    @Override
    public void close() {
        locks.forEach(InstanceLock::close);
    }
}
