package dev.yakata.console.metrics;

import java.util.regex.Pattern;

/**
 * Builds Prometheus' text exposition format (version 0.0.4): per family one {@code # HELP} and one {@code # TYPE}
 * line, then its samples. Names and label names are checked when written, so a bad one fails here and not in the
 * scraper; label values and help texts are escaped.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(4096);
    private final java.util.Set<String> families = new java.util.HashSet<>();

    /** Starts a family: {@code type} is counter, gauge, histogram or summary. */
    PrometheusText family(String name, String type, String help) {
        name(name);
        if (!families.add(name)) {
            throw new IllegalStateException("metric family " + name + " written twice");
        }
        out.append("# HELP ").append(name).append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; checked whole before any of it is written, so a refused one leaves the text as it was. */
    PrometheusText sample(String name, double value, String... labels) {
        name(name);
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels of " + name + " must be name, value pairs");
        }
        StringBuilder line = new StringBuilder(name);
        if (labels.length > 0) {
            line.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                    throw new IllegalArgumentException("label name '" + labels[i] + "' of " + name + " is not legal");
                }
                if (i > 0) {
                    line.append(',');
                }
                line.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            line.append('}');
        }
        out.append(line).append(' ').append(number(value)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static void name(String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not legal");
        }
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
