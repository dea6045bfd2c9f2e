package io.backline.condition;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The functions a condition may call, with their parameter and result types. */
final class Functions {
    record Signature(List<ValueType> parameters, ValueType result) {}

    private static final Map<String, Signature> ALL = Map.of(
            "std.prefixof", new Signature(List.of(ValueType.STRING, ValueType.STRING), ValueType.BOOL),
            "std.suffixof", new Signature(List.of(ValueType.STRING, ValueType.STRING), ValueType.BOOL),
            "randombool", new Signature(List.of(ValueType.NUMBER, ValueType.NUMBER), ValueType.BOOL));

    private Functions() {}

    static @Nullable Signature find(String name) {
        return ALL.get(name);
    }

    static String names() {
        return "std.prefixof, std.suffixof or randombool";
    }
}
