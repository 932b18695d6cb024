package dev.yakata.store.api;

import java.time.Instant;

/**
 * One point's history.
 *
 * @param device     the device id
 * @param point      the point id
 * @param from       first instant included (for rollups: the bucket's start)
 * @param to         first instant excluded; must be after {@code from}
 * @param resolution every change, or minute or hour rollups
 * @param limit      page size, 1 to {@link EventStore#MAX_LIMIT}
 * @param next       the token of the previous page, empty for the first
 */
public record HistoryQuery(String device, String point, Instant from, Instant to, Resolution resolution, int limit,
        String next) {

    public HistoryQuery {
        device = device == null ? "" : device;
        point = point == null ? "" : point;
        resolution = resolution == null ? Resolution.RAW : resolution;
        next = next == null ? "" : next;
    }

    /** Every change of one point in {@code [from, to)}, 1,000 a page. */
    public static HistoryQuery of(String device, String point, Instant from, Instant to) {
        return new HistoryQuery(device, point, from, to, Resolution.RAW, 1000, "");
    }

    public HistoryQuery withResolution(Resolution value) {
        return new HistoryQuery(device, point, from, to, value, limit, next);
    }

    public HistoryQuery withLimit(int value) {
        return new HistoryQuery(device, point, from, to, resolution, value, next);
    }

    public HistoryQuery withNext(String value) {
        return new HistoryQuery(device, point, from, to, resolution, limit, value);
    }
}
