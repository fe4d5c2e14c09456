package dev.ingresslab.proxy;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One IO thread's lean connections to one endpoint: the idle ones (the most recently used first, as it is the
 * likeliest to be warm and open), how many are open, and the requests waiting for one when all are busy. Only its
 * thread touches it, so it needs no locks.
 */
final class LeanPool {

    /** Connections per IO thread and endpoint, as nginx's {@code keepalive 64}; beyond it requests wait their turn. */
    static final int MAX_OPEN = 64;

    final ArrayDeque<LeanConnection> idle = new ArrayDeque<>();
    final ArrayDeque<Consumer<LeanConnection>> waiting = new ArrayDeque<>();
    int open;

    /** An idle connection that is still open, or null. */
    LeanConnection takeIdle() {
        for (LeanConnection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (connection.isOpen()) {
                return connection;
            }
        }
        return null;
    }
}
