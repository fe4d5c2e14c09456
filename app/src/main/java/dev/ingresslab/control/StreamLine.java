package dev.ingresslab.control;

import dev.ingresslab.proxy.RequestRecord;

/**
 * One line of the control endpoint's request stream ({@code GET /v1/requests?follow=true}, JSON Lines): exactly
 * one of the fields is set.
 *
 * @param record  a request the proxy handled
 * @param dropped how many requests were left out here because the reader fell behind (the proxy served them)
 * @param end     why the stream ends (the instance stops, or its session was stopped from the window)
 */
public record StreamLine(RequestRecord record, Long dropped, String end) {

    static StreamLine of(RequestRecord record) {
        return new StreamLine(record, null, null);
    }

    static StreamLine droppedCount(long count) {
        return new StreamLine(null, count, null);
    }

    static StreamLine ending(String why) {
        return new StreamLine(null, null, why);
    }
}
