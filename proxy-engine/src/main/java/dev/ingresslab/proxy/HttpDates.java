package dev.ingresslab.proxy;

import io.undertow.util.DateUtils;

import java.util.Date;

/** The Date header's value for now, made once a second (every response the front writes itself needs one). */
final class HttpDates {

    private record Stamp(long second, String text) {
    }

    private static volatile Stamp last = new Stamp(-1, "");

    private HttpDates() {
    }

    static String now() {
        long millis = System.currentTimeMillis();
        long second = millis / 1000;
        Stamp stamp = last;
        if (stamp.second != second) {
            stamp = new Stamp(second, DateUtils.toDateString(new Date(second * 1000)));
            last = stamp;
        }
        return stamp.text;
    }
}
