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
     * An IO thread's route header lines, encoded the first time a rule's text is seen and again only when other
     * texts have taken its slot. The route table hands out one text instance per rule, so a hit is mostly an
     * identity check. Two ways per slot, like {@link HeaderTexts}. Confined to its thread.
     */
    static final class RouteHeaders {
        private static final int SLOTS = 1024;
        private static final ThreadLocal<RouteHeaders> OF_THREAD = ThreadLocal.withInitial(RouteHeaders::new);

        private final String[] routes = new String[SLOTS];
        private final byte[][] lines = new byte[SLOTS][];

        static RouteHeaders ofThisThread() {
            return OF_THREAD.get();
        }

        /** {@code X-Ingress-Lab-Route: <route>} CR LF. */
        byte[] line(String route) {
            int hash = route.hashCode();
            int slot = (hash ^ (hash >>> 10) ^ (hash >>> 20)) & (SLOTS - 1);
            for (int way = slot & ~1; way <= (slot | 1); way++) {
                if (route.equals(routes[way])) {
                    return lines[way];
                }
            }
            routes[slot ^ 1] = routes[slot];
            lines[slot ^ 1] = lines[slot];
            routes[slot] = route;
            lines[slot] = HeadComposer.line(RoutingHandler.ROUTE_HEADER.toString(), route);
            return lines[slot];
        }
    }
}
