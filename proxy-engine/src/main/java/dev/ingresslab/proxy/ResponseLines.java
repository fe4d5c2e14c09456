package dev.ingresslab.proxy;

import io.undertow.util.StatusCodes;

/**
 * The lines the front writes into response heads of its own, encoded once instead of per response: status lines,
 * the Connection line that ends a head, and the route header of each rule in use.
 */
final class ResponseLines {

    private static final int FIRST_STATUS = 100;
    private static final byte[][] STATUS_LINES = new byte[500][];
    static final byte[] KEEP_ALIVE_END = HeadComposer.ascii("Connection: keep-alive\r\n\r\n");
    static final byte[] CLOSE_END = HeadComposer.ascii("Connection: close\r\n\r\n");

    static {
        for (int i = 0; i < STATUS_LINES.length; i++) {
            STATUS_LINES[i] = HeadComposer.ascii(compose(FIRST_STATUS + i));
        }
    }

    private ResponseLines() {
    }

    /** {@code HTTP/1.1 <status> <reason>} CR LF. */
    static byte[] status(int status) {
        int index = status - FIRST_STATUS;
        return index >= 0 && index < STATUS_LINES.length ? STATUS_LINES[index] : HeadComposer.ascii(compose(status));
    }

    private static String compose(int status) {
        return "HTTP/1.1 " + status + " " + StatusCodes.getReason(status) + "\r\n";
    }

    /**
     * An IO thread's route header lines, each encoded the first time its rule's text is seen and again only when
     * other texts have taken its place.
     */
    static final class RouteHeaders {
        private static final ThreadLocal<RouteHeaders> OF_THREAD = ThreadLocal.withInitial(RouteHeaders::new);

        private final TextKeyedCache<byte[]> lines = new TextKeyedCache<>(1024,
                route -> HeadComposer.line(RoutingHandler.ROUTE_HEADER.toString(), route));

        static RouteHeaders ofThisThread() {
            return OF_THREAD.get();
        }

        /** {@code X-Ingress-Lab-Route: <route>} CR LF. */
        byte[] line(String route) {
            return lines.get(route);
        }
    }
}
