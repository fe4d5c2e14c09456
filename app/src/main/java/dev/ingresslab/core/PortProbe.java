package dev.ingresslab.core;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the proxy could listen on a port, tried on each address it binds ({@code 127.0.0.1} and {@code ::1}:
 * a port can be free on one and taken on the other), with the same {@code SO_REUSEADDR} the proxy sets, so the
 * answer is the proxy's. A bind followed by a close: nothing stays open. A port in use is asked whether it is an
 * Ingress Lab ({@link IngressLabProbe}: one HTTP request, under a second), so the message can say so.
 */
public final class PortProbe {

    private PortProbe() {
    }

    /**
     * Why the proxy could not listen on {@code port} of one of {@code addresses}, in words for the user ({@code port
     * 28080 of ::1 is in use by another program}), or empty when it could on all of them.
     */
    public static Optional<String> problem(int port, List<String> addresses) {
        for (String address : addresses) {
            Optional<String> problem = problem(port, address);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(int port, String address) {
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
            return Optional.empty();
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("in use") && IngressLabProbe.answers(address, port)) {
                return Optional.of("port " + port + " of " + address + " is in use by another Ingress Lab (another"
                        + " data directory, or `serve`/`up`; `lsof -nP -iTCP:" + port + " -sTCP:LISTEN` names it)");
            }
            if (message.contains("in use")) {
                return Optional.of("port " + port + " of " + address + " is in use by another program (`lsof -nP"
                        + " -iTCP:" + port + " -sTCP:LISTEN` names it)");
            }
            if (message.contains("permission") || message.contains("access")) {
                return Optional.of("port " + port + " needs administrator rights here");
            }
            return Optional.of("port " + port + " of " + address + " cannot be listened on: " + e.getMessage());
        } catch (IOException | SecurityException e) {
            return Optional.of("port " + port + " of " + address + " cannot be listened on: " + e.getMessage());
        }
    }
}
