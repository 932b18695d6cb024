package dev.yakata.console.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text format 0.0.4, written from its specification for the tests: every sample
 * belongs to a family announced by exactly one HELP and one TYPE line before it, names and label names are legal,
 * label values are properly quoted and escaped, values are numbers, and a histogram's buckets are cumulative and end
 * with le="+Inf" equal to its _count.
 */
final class ExpositionFormat {

    record Sample(String name, Map<String, String> labels, double value) { }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> helps = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static ExpositionFormat parse(String text) {
        ExpositionFormat f = new ExpositionFormat();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the text must end with a line feed");
        }
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (f.helps.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": a second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (f.types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": a second TYPE for " + m.group(1));
                }
                if (!f.helps.containsKey(m.group(1))) {
                    throw new AssertionError("line " + n + ": TYPE of " + m.group(1) + " without its HELP");
                }
            } else if (line.startsWith("#")) {
                throw new AssertionError("line " + n + ": a comment that is neither HELP nor TYPE: " + line);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                String family = f.familyOf(name);
                if (family == null) {
                    throw new AssertionError("line " + n + ": sample " + name + " before any TYPE of its family");
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null && !m.group(3).isEmpty()) {
                    Matcher l = LABEL.matcher(m.group(3));
                    int at = 0;
                    while (at < m.group(3).length()) {
                        if (!l.find(at) || l.start() != at) {
                            throw new AssertionError("line " + n + ": bad labels " + m.group(3));
                        }
                        if (labels.put(l.group(1), l.group(2)) != null || l.group(1).startsWith("__")) {
                            throw new AssertionError("line " + n + ": label " + l.group(1) + " repeated or reserved");
                        }
                        at = l.end();
                    }
                }
                double value;
                String v = m.group(4);
                if (v.equals("+Inf")) {
                    value = Double.POSITIVE_INFINITY;
                } else if (v.equals("-Inf")) {
                    value = Double.NEGATIVE_INFINITY;
                } else {
                    value = Double.parseDouble(v);
                }
                f.samples.add(new Sample(name, labels, value));
            } else {
                throw new AssertionError("line " + n + ": not a sample: " + line);
            }
        }
        f.checkHistograms();
        return f;
    }

    private String familyOf(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                String family = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(family);
                if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return family;
                }
            }
        }
        return null;
    }

    private void checkHistograms() {
        for (Map.Entry<String, String> t : types.entrySet()) {
            if (!t.getValue().equals("histogram")) {
                continue;
            }
            Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(t.getKey() + "_bucket")) {
                    Map<String, String> rest = new LinkedHashMap<>(s.labels());
                    if (rest.remove("le") == null) {
                        throw new AssertionError(s + ": a bucket without le");
                    }
                    series.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
                }
            }
            for (Map.Entry<Map<String, String>, List<Sample>> e : series.entrySet()) {
                double previous = -1;
                double previousLe = Double.NEGATIVE_INFINITY;
                for (Sample b : e.getValue()) {
                    String le = b.labels().get("le");
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    if (bound <= previousLe || b.value() < previous) {
                        throw new AssertionError(t.getKey() + e.getKey() + ": buckets not increasing at le=" + le);
                    }
                    previous = b.value();
                    previousLe = bound;
                }
                if (previousLe != Double.POSITIVE_INFINITY) {
                    throw new AssertionError(t.getKey() + e.getKey() + ": no le=\"+Inf\" bucket");
                }
                double count = value(t.getKey() + "_count", e.getKey());
                if (count != previous) {
                    throw new AssertionError(t.getKey() + e.getKey() + ": +Inf bucket " + previous + " != _count " + count);
                }
            }
        }
    }

    double value(String name, Map<String, String> labels) {
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().equals(labels)) {
                return s.value();
            }
        }
        throw new AssertionError("no sample " + name + labels);
    }
}
