package dev.yakata.core.internal;

import dev.yakata.api.command.Issuer;
import dev.yakata.core.api.PolicyDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command policy's rules, parsed from the text of {@code etc/yakata.policy}. One rule a line:
 *
 * <pre>
 * allow|deny  &lt;roles&gt;  &lt;actions&gt;  [in &lt;zones&gt;]
 *   roles    comma list of roles, or *            yakata-operator,yakata-manager
 *   actions  comma list of profile.action          door.unlock, shutter.*, *.write, *.*
 *   zones    comma list of zones, or *             L1,L2   (omitted: every zone)
 * </pre>
 *
 * A point write is the action {@code write}. Deny wins over allow; what no rule allows is refused. Blank lines and
 * {@code #} comments are ignored. Immutable.
 */
final class PolicyRules {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._*-]*");

    record Rule(boolean allow, List<String> roles, List<String> actions, List<String> zones, String origin) {

        boolean matches(Issuer issuer, String profile, String action, String zone) {
            boolean role = roles.contains("*") || roles.stream().anyMatch(issuer::hasRole);
            if (!role) {
                return false;
            }
            boolean act = actions.stream().anyMatch(a -> {
                int dot = a.indexOf('.');
                String p = a.substring(0, dot);
                String n = a.substring(dot + 1);
                return (p.equals("*") || p.equals(profile)) && (n.equals("*") || n.equals(action));
            });
            return act && (zones.contains("*") || zones.contains(zone));
        }
    }

    private final List<Rule> rules;
    private final String file;

    private PolicyRules(List<Rule> rules, String file) {
        this.rules = List.copyOf(rules);
        this.file = file;
    }

    /** No rule: everything is refused. What the hub uses until a policy file loads. */
    static PolicyRules none(String file) {
        return new PolicyRules(List.of(), file);
    }

    int size() {
        return rules.size();
    }

    /**
     * Parses the text of a policy file.
     *
     * @throws IllegalArgumentException naming file, line and fix for the first line that is not a rule
     */
    static PolicyRules parse(String text, String file) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            // Commas may be followed by spaces ("door.unlock, door.lock"): fold them before splitting on white space.
            String[] words = content.replaceAll("\\s*,\\s*", ",").split("\\s+");
            if (words.length != 3 && !(words.length == 5 && words[3].equals("in"))) {
                throw new IllegalArgumentException(where + ": '" + content + "' is not a rule; write "
                        + "allow|deny <roles> <profile>.<action>[,...] [in <zones>], e.g. allow yakata-operator door.unlock in L1,L2");
            }
            boolean allow;
            if (words[0].equals("allow")) {
                allow = true;
            } else if (words[0].equals("deny")) {
                allow = false;
            } else {
                throw new IllegalArgumentException(where + ": a rule starts with allow or deny, not '" + words[0] + "'");
            }
            List<String> roles = names(words[1], where, "role");
            List<String> actions = names(words[2], where, "action");
            for (String action : actions) {
                int dot = action.indexOf('.');
                if (dot <= 0 || dot == action.length() - 1 || action.indexOf('.', dot + 1) >= 0) {
                    throw new IllegalArgumentException(where + ": '" + action + "' is not <profile>.<action>; e.g. door.unlock, shutter.*, *.write");
                }
            }
            List<String> zones = words.length == 5 ? names(words[4], where, "zone") : List.of("*");
            rules.add(new Rule(allow, roles, actions, zones, where + "  " + content));
        }
        return new PolicyRules(rules, file);
    }

    private static List<String> names(String list, String where, String what) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": '" + name + "' is not a " + what + " name");
            }
            names.add(name);
        }
        return names;
    }

    /** These rules as a policy that never reloads: for tests and benchmarks. */
    dev.yakata.core.api.CommandPolicy asPolicy() {
        return (issuer, deviceId, profile, action, zone) -> decide(issuer, profile, action, zone, deviceId);
    }

    PolicyDecision decide(Issuer issuer, String profile, String action, String zone, String deviceId) {
        String what = profile + "." + action + " on " + deviceId + (zone.isEmpty() ? "" : " (zone " + zone + ")");
        if (issuer.roles().isEmpty()) {
            return new PolicyDecision(false, "", "refused by policy: " + issuer + " may not run " + what
                    + ": the user has no role, and the policy grants by role; give the user a yakata-* role");
        }
        for (Rule rule : rules) {
            if (!rule.allow() && rule.matches(issuer, profile, action, zone)) {
                return new PolicyDecision(false, rule.origin(), "refused by policy: " + issuer + " may not run " + what
                        + ": denied by " + rule.origin());
            }
        }
        for (Rule rule : rules) {
            if (rule.allow() && rule.matches(issuer, profile, action, zone)) {
                return new PolicyDecision(true, rule.origin(), "allowed by " + rule.origin());
            }
        }
        return new PolicyDecision(false, "", "refused by policy: " + issuer + " may not run " + what
                + ": no rule of " + file + " allows it");
    }
}
