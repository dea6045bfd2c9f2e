package io.backline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which JSON types each kind of field takes (docs/compatibility.md, "Value types"): a value of
 * another type is refused with the field, the value and the expected type, never read as text.
 */
class FieldTypesTest {
    private static final InputValue TRUE = new InputValue.Bool(true);
    private static final InputValue NULL = new InputValue.Null();

    private static InputValue whole(String literal) {
        return new InputValue.WholeNumber(literal);
    }

    private static InputValue decimal(String literal) {
        return new InputValue.DecimalNumber(literal);
    }

    private static InputValue array(InputValue... items) {
        return new InputValue.Array(List.of(items));
    }

    private static InputValue object(String key, InputValue value) {
        return new InputValue.ObjectValue(List.of(java.util.Map.entry(key, value)));
    }

    private static Patch<Object> parse(Field<?> field, InputValue... values) {
        return field.parse(List.of(values));
    }

    private static String refused(Field<?> field, InputValue... values) {
        try {
            parse(field, values);
        } catch (ConfigException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
            return e.detail();
        }
        throw new AssertionError(field + ": " + List.of(values) + " was accepted");
    }

    @Test
    void anIntegerFieldTakesAJsonIntegerOrTextHoldingOne() {
        assertThat(parse(BackendSchema.PORT, whole("443"))).isEqualTo(Patch.set(443));
        assertThat(parse(BackendSchema.PORT, InputValue.text("443"))).isEqualTo(Patch.set(443));
        assertThat(parse(ConditionSchema.PRIORITY, InputValue.text("10"))).isEqualTo(Patch.set(10));
        assertThat(parse(BackendSchema.PORT, whole("-0"))).isEqualTo(Patch.set(0));
    }

    @Test
    void anIntegerFieldRefusesEveryOtherType() {
        assertThat(refused(BackendSchema.PORT, TRUE)).isEqualTo("port: true is not an integer (expected: an integer from 0 to 65535)");
        assertThat(refused(BackendSchema.PORT, array(whole("80")))).isEqualTo("port: [80] is not an integer (expected: an integer from 0 to 65535)");
        assertThat(refused(BackendSchema.PORT, new InputValue.ObjectValue(List.of()))).startsWith("port: {} is not an integer");
        assertThat(refused(BackendSchema.CONNECT_TIMEOUT, array())).startsWith("connect_timeout: [] is not an integer");
        assertThat(refused(ConditionSchema.PRIORITY, object("v", whole("1")))).startsWith("priority: {\"v\":1} is not an integer");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"80.0", "8e1", "8E+1", "1e400", "-0.0"})
    void anIntegerFieldRefusesAnyNumberWrittenAsAFloat(String literal) {
        assertThat(refused(BackendSchema.PORT, decimal(literal))).isEqualTo("port: " + literal
                + " is not an integer (expected: an integer from 0 to 65535)");
    }

    @Test
    void anIntegerFieldRefusesJsonIntegersOutOfRangeAtAnyLength() {
        assertThat(refused(BackendSchema.PORT, whole("65536"))).isEqualTo("port: 65536 is out of range (expected: an integer from 0 to 65535)");
        assertThat(refused(BackendSchema.PORT, whole("-1"))).contains("out of range");
        assertThat(refused(BackendSchema.WEIGHT, whole("123456789012345678901234567890")))
                .isEqualTo("weight: 123456789012345678901234567890 is out of range (expected: an integer of at least 0)");
        assertThat(refused(BackendSchema.WEIGHT, whole("-9223372036854775809"))).contains("out of range");
        assertThat(refused(BackendSchema.WEIGHT, whole("9".repeat(100)))).contains("out of range");
    }

    @Test
    void aBooleanFieldTakesJsonBooleansZeroAndOneAndTheirText() {
        assertThat(parse(BackendSchema.USE_SSL, TRUE)).isEqualTo(Patch.set(true));
        assertThat(parse(BackendSchema.USE_SSL, new InputValue.Bool(false))).isEqualTo(Patch.set(false));
        assertThat(parse(BackendSchema.USE_SSL, whole("1"))).isEqualTo(Patch.set(true));
        assertThat(parse(BackendSchema.USE_SSL, whole("0"))).isEqualTo(Patch.set(false));
        assertThat(parse(BackendSchema.USE_SSL, InputValue.text("TRUE"))).isEqualTo(Patch.set(true));
    }

    @Test
    void aBooleanFieldRefusesEveryOtherValue() {
        assertThat(refused(BackendSchema.USE_SSL, object("v", TRUE)))
                .isEqualTo("use_ssl: {\"v\":true} is not a boolean (expected: true, false, 1 or 0)");
        assertThat(refused(BackendSchema.USE_SSL, whole("2"))).startsWith("use_ssl: 2 is not a boolean");
        assertThat(refused(BackendSchema.USE_SSL, decimal("1.0"))).startsWith("use_ssl: 1.0 is not a boolean");
        assertThat(refused(BackendSchema.USE_SSL, array(TRUE))).startsWith("use_ssl: [true] is not a boolean");
        assertThat(refused(BackendSchema.USE_SSL, InputValue.text("yes"))).startsWith("use_ssl: 'yes' is not a boolean");
    }

    @Test
    void aTextFieldTakesAJsonStringOnly() {
        assertThat(parse(BackendSchema.NAME, InputValue.text("origin"))).isEqualTo(Patch.set("origin"));
        assertThat(refused(BackendSchema.NAME, array(InputValue.text("a")))).isEqualTo("name: [\"a\"] is not a string (expected: a string)");
        assertThat(refused(BackendSchema.NAME, object("a", InputValue.text("b")))).startsWith("name: {\"a\":\"b\"} is not a string");
        assertThat(refused(BackendSchema.COMMENT, whole("5"))).startsWith("comment: 5 is not a string");
        assertThat(refused(BackendSchema.COMMENT, TRUE)).startsWith("comment: true is not a string");
        assertThat(refused(BackendSchema.ADDRESS, decimal("1.5"))).startsWith("address: 1.5 is not a string");
    }

    @Test
    void nullAndEmptyTextClearAsBefore() {
        assertThat(parse(BackendSchema.PORT, NULL)).isEqualTo(Patch.clear());
        assertThat(parse(BackendSchema.OVERRIDE_HOST, NULL)).isEqualTo(Patch.clear());
        assertThat(parse(BackendSchema.COMMENT, NULL)).isEqualTo(Patch.set(""));
        assertThat(parse(BackendSchema.USE_SSL, NULL)).isEqualTo(Patch.clear());
        assertThat(parse(HealthcheckSchema.HEADERS, NULL)).isEqualTo(Patch.clear());
    }

    @Test
    void aListFieldTakesAnArrayOfStringsOrOneString() {
        assertThat(parse(HealthcheckSchema.HEADERS, array(InputValue.text("A: 1"), InputValue.text("B: 2"))))
                .isEqualTo(Patch.set(List.of("A: 1", "B: 2")));
        assertThat(parse(HealthcheckSchema.HEADERS, InputValue.text("[\"A: 1\"]"))).isEqualTo(Patch.set(List.of("A: 1")));
        assertThat(parse(HealthcheckSchema.HEADERS, InputValue.text("A: 1,B: 2"))).isEqualTo(Patch.set(List.of("A: 1", "B: 2")));
        assertThat(parse(HealthcheckSchema.HEADERS, array())).isEqualTo(Patch.set(List.of()));
    }

    @Test
    void aListFieldRefusesArraysOfOtherThingsAndOtherTypes() {
        assertThat(refused(HealthcheckSchema.HEADERS, array(whole("1")))).startsWith("headers: [1] is not a list of strings");
        assertThat(refused(HealthcheckSchema.HEADERS, array(NULL))).startsWith("headers: [null] is not a list of strings");
        assertThat(refused(HealthcheckSchema.HEADERS, array(array(InputValue.text("A: 1"))))).startsWith("headers: [[\"A: 1\"]]");
        assertThat(refused(HealthcheckSchema.HEADERS, TRUE)).startsWith("headers: true is not a list of strings");
        assertThat(refused(HealthcheckSchema.HEADERS, object("A", InputValue.text("1")))).startsWith("headers: {");
        assertThat(refused(HealthcheckSchema.HEADERS, array(InputValue.text("A: 1\u0000")))).contains("control character");
    }

    @Test
    void repeatedValuesMustMeanTheSameWhateverTheirType() {
        assertThat(parse(BackendSchema.PORT, whole("80"), InputValue.text("80"))).isEqualTo(Patch.set(80));
        assertThat(refused(BackendSchema.PORT, whole("80"), whole("81")))
                .isEqualTo("port: sent twice with different values, 80 and 81 (expected: one value)");
        assertThat(refused(BackendSchema.NAME, InputValue.text("a"), InputValue.text("b"))).startsWith("name: sent twice");
        assertThat(refused(HealthcheckSchema.HEADERS, array(InputValue.text("A: 1")), array(InputValue.text("B: 1"))))
                .startsWith("headers: sent twice");
    }

    @Test
    void repeatedTextOfAListFieldIsOneLineEach() {
        assertThat(parse(HealthcheckSchema.HEADERS, InputValue.text("A: 1"), InputValue.text("B: 2")))
                .isEqualTo(Patch.set(List.of("A: 1", "B: 2")));
    }

    @Test
    void textThatNoStoreKeepsIsRefused() {
        assertThat(refused(BackendSchema.COMMENT, InputValue.text("a\u0000b"))).isEqualTo(
                "comment: a NUL character at position 1 (expected: text without U+0000)");
        assertThat(refused(BackendSchema.COMMENT, InputValue.text("a\ud800"))).startsWith("comment: half of a surrogate pair");
        assertThat(refused(BackendSchema.COMMENT, InputValue.text("\udc00a"))).startsWith("comment: half of a surrogate pair");
        assertThat(parse(BackendSchema.COMMENT, InputValue.text("tab\there\nand \ud83d\ude00"))).isEqualTo(
                Patch.set("tab\there\nand \ud83d\ude00"));
    }

    @Test
    void namesRefuseC0AndC1ControlCharacters() {
        for (var field : List.of(BackendSchema.NAME, ConditionSchema.NAME, HealthcheckSchema.NAME, ServiceSchema.NAME)) {
            for (var control : List.of("\u0001", "\u007f", "\u0085", "\t")) {
                assertThat(refused(field, InputValue.text("a" + control + "b"))).startsWith(field.name() + ": ");
            }
        }
        assertThat(refused(HealthcheckSchema.PATH, InputValue.text("/a\u0001"))).startsWith("path: ");
    }

    @Test
    void describesTextShortAndWithoutCuttingACharacterInTwo() {
        var text = "a".repeat(79) + "\ud83d\ude00" + "b".repeat(10);

        assertThat(InputValue.text(text).describe()).isEqualTo("'" + "a".repeat(79) + "…'");
    }
}
