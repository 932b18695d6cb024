package dev.yakata.adapter.opcua.client;

import dev.yakata.opcua.common.Values;
import dev.yakata.api.device.PointKind;
import java.util.Locale;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/** Converts a command's arguments (typed, or text as an operator typed them) into a method's input arguments. */
final class MethodArguments {

    private static final Map<String, NodeId> TYPES = Map.ofEntries(
            Map.entry("boolean", NodeIds.Boolean), Map.entry("sbyte", NodeIds.SByte), Map.entry("byte", NodeIds.Byte),
            Map.entry("int16", NodeIds.Int16), Map.entry("uint16", NodeIds.UInt16), Map.entry("int32", NodeIds.Int32),
            Map.entry("uint32", NodeIds.UInt32), Map.entry("int64", NodeIds.Int64), Map.entry("uint64", NodeIds.UInt64),
            Map.entry("float", NodeIds.Float), Map.entry("double", NodeIds.Double), Map.entry("string", NodeIds.String),
            Map.entry("localizedtext", NodeIds.LocalizedText));

    private MethodArguments() {
    }

    /** Whether {@code name} is a type an action argument may have. */
    static boolean isKnownType(String name) {
        return TYPES.containsKey(name.toLowerCase(Locale.ROOT));
    }

    static Variant toVariant(ClientSettings.Argument argument, Object value) throws Values.TypeMismatchException {
        NodeId type = TYPES.get(argument.type().toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new Values.TypeMismatchException("type " + argument.type() + " is not supported; use one of "
                    + new java.util.TreeSet<>(TYPES.keySet()));
        }
        if (value == null) {
            throw new Values.TypeMismatchException("missing; give " + argument.name() + "=<" + argument.type() + ">");
        }
        PointKind kind = type.equals(NodeIds.Boolean) ? PointKind.BINARY
                : type.equals(NodeIds.Double) || type.equals(NodeIds.Float) ? PointKind.ANALOG
                : type.equals(NodeIds.String) || type.equals(NodeIds.LocalizedText) ? PointKind.TEXT
                : PointKind.MULTISTATE;
        Object typed = Values.parse(value, kind);
        if (typed == null) {
            throw new Values.TypeMismatchException("'" + value + "' is not a " + argument.type());
        }
        return Values.toVariant(typed, type);
    }
}
