package dev.yakata.adapter.bacnet.codec;

import java.util.Map;

/** Symbols for the BACnetEngineeringUnits a building-automation site meets most; others print as their number. */
public final class EngineeringUnits {

    private static final Map<Integer, String> SYMBOLS = Map.ofEntries(
            Map.entry(2, "mA"), Map.entry(3, "A"), Map.entry(5, "V"), Map.entry(6, "kV"), Map.entry(9, "VA"),
            Map.entry(10, "kVA"), Map.entry(15, "PF"), Map.entry(18, "Wh"), Map.entry(19, "kWh"),
            Map.entry(27, "Hz"), Map.entry(29, "%RH"), Map.entry(47, "W"), Map.entry(48, "kW"),
            Map.entry(53, "Pa"), Map.entry(54, "kPa"), Map.entry(62, "\u00b0C"), Map.entry(63, "K"),
            Map.entry(64, "\u00b0F"), Map.entry(71, "h"), Map.entry(72, "min"), Map.entry(73, "s"),
            Map.entry(95, ""), Map.entry(96, "ppm"),
            Map.entry(98, "%"), Map.entry(135, "m\u00b3/h"));

    private EngineeringUnits() {
    }

    /** @return a symbol such as {@code °C}, {@code ""} for no-units (95), or {@code units(N)} when unknown */
    public static String symbol(long units) {
        String symbol = units >= 0 && units <= Integer.MAX_VALUE ? SYMBOLS.get((int) units) : null;
        return symbol != null ? symbol : "units(" + units + ")";
    }
}
