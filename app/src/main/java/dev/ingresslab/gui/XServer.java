package dev.ingresslab.gui;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the X server a {@code DISPLAY} value names takes connections, checked by connecting to its socket (and
 * closing at once, before the X handshake): JavaFX's GTK toolkit, given a {@code DISPLAY} it cannot open, throws
 * deep in its start and leaves {@code Platform.exit()} waiting forever for a toolkit that never started, so a
 * display that is set but dead must be found before JavaFX is touched.
 *
 * <p>The address follows X(7) "DISPLAY NAMES": {@code [host]:number[.screen]}; an empty host (or {@code unix})
 * is the local socket {@code /tmp/.X11-unix/X<number>}, any other host is TCP port {@code 6000 + number}. Forms this
 * does not know (XQuartz's launchd path, {@code host::number} DECnet) are taken as reachable: the toolkit decides.
 * A reachable socket does not prove the server will accept us (X authority): {@link GuiLauncher} handles that.
 */
final class XServer {

    /** How long a TCP connection to a remote display (ssh -X forwarding is local, so this is generous) may take. */
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private static final Path LOCAL_SOCKETS = Path.of("/tmp/.X11-unix");

    private XServer() {
    }

    /**
     * Why the display named by {@code display} (a {@code DISPLAY} value) cannot be opened, in a few words a user
     * can act on; empty when its socket takes a connection or the form is not one this checks.
     */
    static Optional<String> unreachable(String display) {
        String value = display.strip();
        int colon = value.lastIndexOf(':');
        if (colon < 0 || value.contains("::") || value.contains("/")) {
            return Optional.empty();
        }
        String host = value.substring(0, colon);
        String rest = value.substring(colon + 1);
        int dot = rest.indexOf('.');
        String digits = dot < 0 ? rest : rest.substring(0, dot);
        int number;
        try {
            number = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Optional.of("DISPLAY=" + value + " is not a display name like :0 or localhost:10.0");
        }
        String cannot = "DISPLAY=" + value + " cannot be opened: ";
        if (host.isEmpty() || host.equals("unix")) {
            Path socket = LOCAL_SOCKETS.resolve("X" + number);
            if (!Files.exists(socket)) {
                return Optional.of(cannot + "no X server socket " + socket);
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return Optional.empty();
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of(cannot + "nothing listens on " + socket);
            }
        }
        int port = 6000 + number;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(cannot + "nothing answers on " + host + " port " + port);
        }
    }
}
