package dev.yakata.postures.rules;

import java.util.List;

/**
 * A named action across many devices: its steps run in order, each step's commands together.
 *
 * @param name    the posture's name ({@code closing-time})
 * @param title   its title in Japanese, as operators see it
 * @param titleEn its title in English
 * @param line    the line of its {@code posture} line
 * @param steps   its steps, in order
 */
public record Posture(String name, String title, String titleEn, int line, List<Step> steps) {

    public Posture {
        steps = List.copyOf(steps);
    }

    /** The definition as text, which a preview's token covers: a posture edited since the preview is a new plan. */
    public String definition() {
        StringBuilder text = new StringBuilder("posture " + name + " title \"" + title + "\" title-en \"" + titleEn + "\"");
        steps.forEach(s -> text.append('\n').append(s));
        return text.toString();
    }
}
