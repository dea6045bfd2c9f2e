package io.backline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading one field as a client sent it (spec §2.1, §4): types, ranges, empty values, messages. */
class FieldTest {

    private static Patch<Object> parse(Field<?> field, String... texts) {
        return field.parse(java.util.Arrays.stream(texts).map(InputValue::text).toList());
    }

    private static ConfigException refused(Field<?> field, String text) {
        try {
            parse(field, text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError(field + ": '" + text + "' was accepted");
    }

    @ParameterizedTest(name = "port {0}")
    @CsvSource({"80, 80", "443, 443", "0, 0", "65535, 65535", "+8080, 8080", "' 443 ', 443", "007, 7"})
    void readsIntegersWithinTheirRange(String text, int expected) {
        assertThat(parse(BackendSchema.PORT, text)).isEqualTo(Patch.set(expected));
    }

    @ParameterizedTest(name = "port ''{0}''")
    @ValueSource(strings = {"abc", "80a", "1.5", "80.0", "0x50", "1e3", "eighty", "- 1", "８０"})
    void refusesNonIntegersNamingTheFieldAndTheRule(String text) {
        var error = refused(BackendSchema.PORT, text);

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID);
        assertThat(error.detail()).startsWith("port: ").contains("is not an integer").contains("expected: an integer from 0 to 65535");
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(strings = {"70000", "65536", "-1", "2147483648", "99999999999", "-9223372036854775809",
            "123456789012345678901234567890"})
    void refusesIntegersOutOfRange(String text) {
        var error = refused(BackendSchema.PORT, text);

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID);
        assertThat(error.detail()).startsWith("port: ").contains("out of range").contains("0 to 65535");
    }

    @Test
    void refusesANegativeConnectTimeout() {
        var error = refused(BackendSchema.CONNECT_TIMEOUT, "-1");

        assertThat(error.detail()).startsWith("connect_timeout: -1").contains("expected: an integer from 0 to 600000");
    }

    @Test
    void describesOpenEndedRangesAsAtLeast() {
        assertThat(refused(BackendSchema.MAX_CONN, "0").detail()).contains("expected: an integer of at least 1");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"1, true", "0, false", "true, true", "false, false", "TRUE, true", "False, false", "' true ', true"})
    void readsBooleansAsOneZeroTrueFalseInAnyCase(String text, boolean expected) {
        assertThat(parse(BackendSchema.USE_SSL, text)).isEqualTo(Patch.set(expected));
        assertThat(parse(BackendSchema.TCP_KEEPALIVE_ENABLE, text)).isEqualTo(Patch.set(expected));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"yes", "no", "on", "2", "t", "-1"})
    void refusesOtherBooleans(String text) {
        var error = refused(BackendSchema.USE_SSL, text);

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID);
        assertThat(error.detail()).startsWith("use_ssl: '" + text + "'").contains("not a boolean")
                .contains("expected: true, false, 1 or 0");
    }

    @Test
    void readsAnEmptyValueOfAnOptionalFieldAsClear() {
        assertThat(parse(BackendSchema.OVERRIDE_HOST, "")).isEqualTo(Patch.clear());
        assertThat(parse(BackendSchema.KEEPALIVE_TIME, "")).isEqualTo(Patch.clear());
        assertThat(parse(BackendSchema.TCP_KEEPALIVE_ENABLE, "")).isEqualTo(Patch.clear());
    }

    @Test
    void readsAnEmptyValueOfAnIntegerWithDefaultAsClear() {
        assertThat(parse(BackendSchema.PORT, "")).isEqualTo(Patch.clear());
    }

    @Test
    void keepsAnEmptyValueOfANonNullTextAsEmptyString() {
        assertThat(parse(BackendSchema.COMMENT, "")).isEqualTo(Patch.set(""));
        assertThat(parse(BackendSchema.REQUEST_CONDITION, "")).isEqualTo(Patch.set(""));
    }

    @Test
    void saysWhetherClearingLeavesNoValueOrADefault() {
        assertThat(BackendSchema.OVERRIDE_HOST.clearLeavesNoValue()).isTrue(); // null
        assertThat(BackendSchema.COMMENT.clearLeavesNoValue()).isTrue(); // ""
        assertThat(HealthcheckSchema.HEADERS.clearLeavesNoValue()).isTrue(); // []
        assertThat(BackendSchema.PORT.clearLeavesNoValue()).isFalse(); // 80
        assertThat(HealthcheckSchema.PATH.clearLeavesNoValue()).isFalse(); // "/"
        assertThat(BackendSchema.PREFER_IPV6.clearLeavesNoValue()).isFalse(); // false for VCL, true for Wasm
    }

    @Test
    void takesARepeatedValueThatMeansTheSame() {
        assertThat(parse(BackendSchema.WEIGHT, "20", "20")).isEqualTo(Patch.set(20));
        assertThat(parse(BackendSchema.USE_SSL, "1", "true")).isEqualTo(Patch.set(true));
    }

    @Test
    void refusesARepeatedValueThatDiffers() {
        assertThatThrownBy(() -> parse(BackendSchema.WEIGHT, "10", "20")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.detail()).isEqualTo("weight: sent twice with different values, '10' and '20' (expected: one value)"));
    }

    @Test
    void keepsTextAsSentIncludingSpaces() {
        assertThat(parse(BackendSchema.COMMENT, "  two  spaces ")).isEqualTo(Patch.set("  two  spaces "));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"1.0", "1.1", "1.2", "1.3"})
    void acceptsTlsVersions(String text) {
        assertThat(parse(BackendSchema.MIN_TLS_VERSION, text)).isEqualTo(Patch.set(text));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"2.0", "1.4", "TLSv1.2", "1"})
    void refusesTextBreakingItsPatternNamingTheRule(String text) {
        var error = refused(BackendSchema.MIN_TLS_VERSION, text);

        assertThat(error.detail()).isEqualTo("min_tls_version: '" + text + "' (expected: 1.0, 1.1, 1.2 or 1.3)");
    }

    @Test
    void refusesTextOverItsMaximumLength() {
        var error = refused(BackendSchema.NAME, "n".repeat(256));

        assertThat(error.detail()).isEqualTo("name: 256 characters (expected: at most 255)");
        assertThat(parse(BackendSchema.NAME, "n".repeat(255))).isEqualTo(Patch.set("n".repeat(255)));
    }

    @ParameterizedTest(name = "name ''{0}''")
    @ValueSource(strings = {"test-backend", "www.test.com", "backend 0", "test/backend", "caf\u00e9", "a+b"})
    void acceptsNamesSeenInTheWild(String name) {
        assertThat(parse(BackendSchema.NAME, name)).isEqualTo(Patch.set(name));
    }

    @Test
    void refusesNamesWithControlCharacters() {
        assertThat(refused(BackendSchema.NAME, "bad\nname").detail()).startsWith("name: ");
    }

    @Test
    void schemaIgnoresUnknownKeysAndKeysWithoutValues() {
        var changes = BackendSchema.SCHEMA.parse(Map.of("ServiceID", List.of("abc"), "ServiceVersion", List.of("1"),
                "weight", List.of("5"), "port", List.of()));

        assertThat(changes.has(BackendSchema.WEIGHT)).isTrue();
        assertThat(changes.get(BackendSchema.WEIGHT)).isEqualTo(Patch.set(5));
        assertThat(changes.has(BackendSchema.PORT)).isFalse();
        assertThat(changes.get(BackendSchema.PORT)).isEqualTo(Patch.absent());
    }

    @Test
    void schemaParsesNothingFromAnEmptyInput() {
        assertThat(BackendSchema.SCHEMA.parse(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void schemaDefaultsFollowTheServiceType() {
        assertThat(BackendSchema.SCHEMA.defaults(ServiceType.VCL).get(BackendSchema.PREFER_IPV6)).isFalse();
        assertThat(BackendSchema.SCHEMA.defaults(ServiceType.WASM).get(BackendSchema.PREFER_IPV6)).isTrue();
    }

    @Test
    void backendSchemaHas39FieldsPlusFiveIdentityKeysFor44() {
        assertThat(BackendSchema.SCHEMA.fields()).hasSize(39);
        assertThat(BackendSchema.SCHEMA.field("fetch_timeout")).isNull();
        assertThat(BackendSchema.SCHEMA.field("locked")).isNull();
        for (var key : List.of("service_id", "version", "created_at", "updated_at", "deleted_at")) {
            assertThat(BackendSchema.SCHEMA.field(key)).as(key).isNull();
        }
    }

    @Test
    void textListsKeepEveryLineInOrder() {
        var builder = Schema.builder("healthcheck", "Healthcheck");
        Field<List<String>> headers = builder.add(Field.textList("headers"));
        builder.build();

        assertThat(parse(headers, "Foo: Bar", "Baz: Qux")).isEqualTo(Patch.set(List.of("Foo: Bar", "Baz: Qux")));
        assertThat(headers.defaultFor(ServiceType.VCL)).isEqualTo(List.of());
    }

    @Test
    void serviceTypeParsesVclAndWasmInAnyCaseOnly() {
        assertThat(ServiceType.parse("VCL")).isEqualTo(ServiceType.VCL);
        assertThat(ServiceType.parse("wasm")).isEqualTo(ServiceType.WASM);
        assertThatThrownBy(() -> ServiceType.parse("edge")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.detail()).isEqualTo("type: 'edge' (expected: vcl or wasm)"));
    }
}
