package dev.yakata.alarms.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alarm load figures of ISA-18.2 / IEC 62682 / EEMUA 191 over a period: the period is cut into 10-minute windows from
 * its start; an alarm counts in the window it was raised in (annunciated: raised events, not the repeats a flood
 * collapsed). A window with more than {@value #FLOOD_THRESHOLD} alarms is in flood.
 *
 * @param from              start of the period
 * @param to                end of the period (not included)
 * @param alarms            alarms raised in the period
 * @param windows           10-minute windows in the period (the last may be shorter)
 * @param averagePerWindow  alarms per 10 minutes, on average
 * @param peakPerWindow     alarms in the busiest window
 * @param peakWindowStart   when the busiest window began, null without alarms
 * @param floodWindows      windows in flood
 * @param floodSharePercent the share of the period's windows in flood, percent
 * @param mostFrequent      the ten alarms raised most often, most first
 */
public record AlarmLoad(Instant from, Instant to, long alarms, long windows, double averagePerWindow,
        long peakPerWindow, Instant peakWindowStart, long floodWindows, double floodSharePercent,
        List<Frequent> mostFrequent) {

    /** More than this many alarms in 10 minutes is a flood (ISA-18.2). */
    public static final int FLOOD_THRESHOLD = 10;
    public static final Duration WINDOW = Duration.ofMinutes(10);

    /**
     * One of the most frequent alarms.
     *
     * @param alarm        the alarm's id
     * @param count        times raised in the period
     * @param sharePercent its share of all alarms raised, percent
     */
    public record Frequent(String alarm, long count, double sharePercent) {
    }

    /** One raised alarm: when, and which. */
    public record Raised(Instant at, String alarm) {
    }

    public static AlarmLoad compute(List<Raised> raised, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the period's end (" + to + ") must be after its start (" + from + ")");
        }
        long span = Duration.between(from, to).toMillis();
        long windowMillis = WINDOW.toMillis();
        int windows = (int) Math.min(Integer.MAX_VALUE, (span + windowMillis - 1) / windowMillis);
        Map<Integer, Long> perWindow = new HashMap<>();
        Map<String, Long> perAlarm = new HashMap<>();
        long total = 0;
        for (Raised r : raised) {
            if (r.at().isBefore(from) || !r.at().isBefore(to)) {
                continue;
            }
            total++;
            perWindow.merge((int) (Duration.between(from, r.at()).toMillis() / windowMillis), 1L, Long::sum);
            perAlarm.merge(r.alarm(), 1L, Long::sum);
        }
        long peak = 0;
        int peakIndex = -1;
        long flood = 0;
        for (Map.Entry<Integer, Long> w : perWindow.entrySet()) {
            if (w.getValue() > peak || (w.getValue() == peak && w.getKey() < peakIndex)) {
                peak = w.getValue();
                peakIndex = w.getKey();
            }
            if (w.getValue() > FLOOD_THRESHOLD) {
                flood++;
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(perAlarm.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Frequent> top = new ArrayList<>();
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(10, sorted.size()))) {
            top.add(new Frequent(e.getKey(), e.getValue(), round(100.0 * e.getValue() / total)));
        }
        return new AlarmLoad(from, to, total, windows, round((double) total / windows), peak,
                peakIndex < 0 ? null : from.plusMillis(peakIndex * windowMillis), flood,
                round(100.0 * flood / windows), top);
    }

    /** The figures as an action's outcome data. */
    public Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from.toString());
        data.put("to", to.toString());
        data.put("alarms", alarms);
        data.put("windows", windows);
        data.put("averagePer10Minutes", averagePerWindow);
        data.put("peakPer10Minutes", peakPerWindow);
        data.put("peakWindowStart", peakWindowStart == null ? "" : peakWindowStart.toString());
        data.put("floodWindows", floodWindows);
        data.put("floodSharePercent", floodSharePercent);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Frequent f : mostFrequent) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("alarm", f.alarm());
            row.put("count", f.count());
            row.put("sharePercent", f.sharePercent());
            rows.add(row);
        }
        data.put("mostFrequent", rows);
        return data;
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
