package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.access.rules.AccessEngine;
import dev.yakata.access.rules.CardState;
import dev.yakata.access.rules.Decision;
import dev.yakata.access.rules.Swipe;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rules' engine behind one lock (the engine is not thread-safe). Before the first configuration loads there is no
 * engine: swipes are refused as {@value #NOT_CONFIGURED} with the reload's sentence, and operators' card overrides are
 * kept to be handed to the engine when it is made.
 */
final class EngineRules implements Rules {

    /** The refusal of every swipe while no access file has loaded. */
    static final String NOT_CONFIGURED = "not-configured";

    private final AccessEngine.Settings settings;
    private final Supplier<String> whyNotConfigured;
    private AccessEngine engine;
    private final Map<String, CardState> overridesBeforeEngine = new LinkedHashMap<>();
    /** People granted since start while the record's past is not restored yet; null once it is. */
    private Set<String> movedSinceStart = new HashSet<>();
    /** The lockdown, kept here too so it holds before the first configuration makes the engine. */
    private boolean lockdown;

    EngineRules(AccessEngine.Settings settings, Supplier<String> whyNotConfigured) {
        this.settings = settings;
        this.whyNotConfigured = whyNotConfigured;
    }

    /** Puts a freshly loaded configuration in force; state (locations, overrides, seen ids) is kept. */
    synchronized void apply(AccessConfig config) {
        if (engine == null) {
            engine = new AccessEngine(config, settings);
            overridesBeforeEngine.forEach(engine::overrideCardState);
            overridesBeforeEngine.clear();
            engine.lockdown(lockdown);
        } else {
            engine.reconfigure(config);
        }
    }

    @Override
    public synchronized boolean configured() {
        return engine != null;
    }

    @Override
    public synchronized Decision decide(Swipe swipe) {
        if (engine == null) {
            return new Decision(false, NOT_CONFIGURED, "Access control has no configuration in force, so every card "
                    + "is refused: " + whyNotConfigured.get(), "", swipe.door(), swipe.reader(), "", "", "", 0, "",
                    false, "", false, false, 0);
        }
        Decision decision = engine.decide(swipe);
        if (movedSinceStart != null && decision.granted() && !decision.person().isEmpty()) {
            movedSinceStart.add(decision.person());
        }
        return decision;
    }

    @Override
    public synchronized Decision check(String cardPseudonym, String door, String direction, Instant at) {
        return engine == null ? null : engine.check(cardPseudonym, door, direction, at);
    }

    @Override
    public synchronized String personOfCard(String cardPseudonym) {
        return engine == null ? null : engine.config().personOfCard(cardPseudonym);
    }

    @Override
    public synchronized void overrideCardState(String cardPseudonym, CardState state) {
        if (engine != null) {
            engine.overrideCardState(cardPseudonym, state);
        } else if (state == null) {
            overridesBeforeEngine.remove(cardPseudonym);
        } else {
            overridesBeforeEngine.put(cardPseudonym, state);
        }
    }

    @Override
    public synchronized Map<String, CardState> cardStateOverrides() {
        return Map.copyOf(engine == null ? overridesBeforeEngine : engine.cardStateOverrides());
    }

    @Override
    public synchronized void lockdown(boolean on) {
        lockdown = on;
        if (engine != null) {
            engine.lockdown(on);
        }
    }

    @Override
    public synchronized boolean lockdown() {
        return lockdown;
    }

    @Override
    public synchronized boolean forgive(String person) {
        return engine != null && engine.forgive(person);
    }

    @Override
    public synchronized int restore(List<Recorded> decisions) {
        if (engine == null) {
            return 0;
        }
        int restored = 0;
        for (Recorded recorded : decisions) {
            if (movedSinceStart == null || !movedSinceStart.contains(recorded.decision().person())) {
                engine.restore(recorded.decision(), recorded.at());
                restored++;
            }
        }
        return restored;
    }

    @Override
    public synchronized void restoreFinished() {
        movedSinceStart = null;
    }

    @Override
    public synchronized List<AccessEngine.Location> locations(Instant now) {
        return engine == null ? List.of() : engine.locations(now);
    }

    @Override
    public synchronized AccessConfig config() {
        return engine == null ? null : engine.config();
    }
}
