package dev.ingresslab.proxy;

import java.util.Locale;

/**
 * Which of the JDK's selectors the process uses. On Linux the default is epoll, level-triggered, and every time
 * XNIO stops and resumes reading a connection (Undertow's listener does it twice per request) the kernel is told
 * with a system call of its own ({@code epoll_ctl}). The JDK's poll selector hands the kernel the whole set of
 * connections at each wait instead, so interest changes cost nothing: a proxy with a laptop's few hundred
 * connections spends about a tenth less CPU per request with it, and even with the front, which keeps reads armed,
 * poll measured ahead (docs/benchmarks.md, sessions 2 and 4). With tens of thousands of connections epoll would win
 * again; {@code -Dingress-lab.selector=default} keeps the JDK's choice.
 */
public final class SelectorChoice {

    static final String PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";
    static final String POLL_PROVIDER = "sun.nio.ch.PollSelectorProvider";

    private SelectorChoice() {
    }

    /**
     * Chooses the poll selector on Linux unless told otherwise. Call first thing in {@code main}: the choice is
     * made when the first selector opens, once for the process.
     */
    public static void preferPoll() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (linux && System.getProperty(PROVIDER_PROPERTY) == null
                && !"default".equals(System.getProperty("ingress-lab.selector"))) {
            System.setProperty(PROVIDER_PROPERTY, POLL_PROVIDER);
        }
    }
}
