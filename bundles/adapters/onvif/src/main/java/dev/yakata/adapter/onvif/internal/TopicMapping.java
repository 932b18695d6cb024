package dev.yakata.adapter.onvif.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which ONVIF event topics mean what to the camera profile (docs/cctv.md). Topics are compared as prefix-free paths in
 * the ONVIF topic namespace ({@code tns1:VideoSource/MotionAlarm} is {@code VideoSource/MotionAlarm}); the state is
 * the message's boolean data item, by the name the ONVIF specification gives it.
 */
final class TopicMapping {

    enum Meaning { MOTION, TAMPER, VIDEO_LOSS }

    record Rule(String topic, String item, Meaning meaning) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("VideoSource/MotionAlarm", "State", Meaning.MOTION),
            new Rule("RuleEngine/CellMotionDetector/Motion", "IsMotion", Meaning.MOTION),
            new Rule("RuleEngine/MotionRegionDetector/Motion", "State", Meaning.MOTION),
            new Rule("VideoSource/GlobalSceneChange/ImagingService", "State", Meaning.TAMPER),
            new Rule("VideoSource/GlobalSceneChange/AnalyticsService", "State", Meaning.TAMPER),
            new Rule("VideoSource/GlobalSceneChange/RecordingService", "State", Meaning.TAMPER),
            new Rule("RuleEngine/TamperDetector/Tamper", "IsTamper", Meaning.TAMPER),
            new Rule("VideoSource/SignalLoss", "State", Meaning.VIDEO_LOSS));

    private TopicMapping() {
    }

    static Optional<Rule> rule(String topic) {
        return RULES.stream().filter(r -> r.topic().equals(topic)).findFirst();
    }

    /** The message's state: the rule's item, else the only boolean item; empty when there is none. */
    static Optional<Boolean> state(Rule rule, Map<String, String> data) {
        String named = data.get(rule.item());
        if (named != null) {
            return bool(named);
        }
        List<Boolean> booleans = data.values().stream().map(TopicMapping::bool).flatMap(Optional::stream).toList();
        return booleans.size() == 1 ? Optional.of(booleans.get(0)) : Optional.empty();
    }

    private static Optional<Boolean> bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "1" -> Optional.of(true);
            case "false", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
