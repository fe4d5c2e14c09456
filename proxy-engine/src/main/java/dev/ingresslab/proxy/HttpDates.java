package dev.ingresslab.proxy;

import io.undertow.util.DateUtils;
import io.undertow.util.Headers;

import java.util.Date;

/** The Date header's line for now, made once a second: every response the front writes itself needs one. */
final class HttpDates {

    private record Stamp(long second, byte[] line) {
    }

    private static volatile Stamp last = new Stamp(-1, new byte[0]);

    private HttpDates() {
    }

    /** {@code Date: <now>} CR LF. */
    static byte[] line() {
        return stamp().line;
    }

    private static Stamp stamp() {
        long second = System.currentTimeMillis() / 1000;
        Stamp stamp = last;
        if (stamp.second != second) {
            String text = DateUtils.toDateString(new Date(second * 1000));
            stamp = new Stamp(second, HeadComposer.line(Headers.DATE_STRING, text));
            last = stamp;
        }
        return stamp;
    }
}
