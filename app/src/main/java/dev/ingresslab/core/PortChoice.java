package dev.ingresslab.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The port to listen on when the user did not name one: the standard port when the OS lets us bind it (root, or
 * macOS since Mojave for loopback), else the fallback, with one line saying which and why.
 *
 * @param port    the port to use
 * @param message what was chosen and why, for the user
 */
public record PortChoice(int port, String message) {

    public static PortChoice of(Integer requested, int standard, int fallback, String protocol) {
        if (requested != null) {
            return new PortChoice(requested, protocol + " on port " + requested + " (as asked)");
        }
        if (canBind(standard)) {
            return new PortChoice(standard, protocol + " on port " + standard);
        }
        return new PortChoice(fallback, protocol + " on port " + fallback + ": port " + standard + " is in use or"
                + " needs administrator rights here (choose another with --" + protocol.toLowerCase() + "-port)");
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
