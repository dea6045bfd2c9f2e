package io.backline.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies as Fastly's clients send them (spec §2.1): forms first, JSON for hand-written clients. */
class RequestFieldsTest {

    private static Map<String, List<String>> form(String body) {
        return RequestFields.parse("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> json(String body) {
        return RequestFields.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKeyOfAFormInOrder() {
        var fields = form("name=origin&address=origin.example.com&port=443");

        assertThat(fields).containsExactly(Map.entry("name", List.of("origin")),
                Map.entry("address", List.of("origin.example.com")), Map.entry("port", List.of("443")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"name=backend+0", "name=backend%200", "name=backend%20%30"})
    void decodesPlusAndPercent20AsSpaces(String body) {
        assertThat(form(body)).containsEntry("name", List.of("backend 0"));
    }

    @Test
    void decodesSpacesInKeysToo() {
        assertThat(form("my+key=1&other%20key=2")).containsOnlyKeys("my key", "other key");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {"a%2Bb|a+b", "a%26b|a&b", "a%3Db|a=b", "a%2Fb|a/b", "%25|%",
            "caf%C3%A9|caf\u00e9", "%E2%82%AC|\u20ac", "%F0%9F%98%80|\ud83d\ude00", "a%3ab|a:b"})
    void decodesPercentEscapesIncludingMultiByteUtf8(String encoded, String decoded) {
        assertThat(form("v=" + encoded)).containsEntry("v", List.of(decoded));
    }

    @Test
    void keepsEveryValueOfARepeatedKeyInOrder() {
        assertThat(form("headers=a&headers=b&headers=c")).containsEntry("headers", List.of("a", "b", "c"));
    }

    @Test
    void readsBracketKeysAsTheBareName() {
        assertThat(form("services%5B%5D=a&services[]=b")).containsExactly(Map.entry("services", List.of("a", "b")));
    }

    @Test
    void mergesBracketAndBareKeysOfTheSameName() {
        assertThat(form("name=a&name[]=b")).containsExactly(Map.entry("name", List.of("a", "b")));
    }

    @Test
    void readsEmptyValuesAsEmptyStrings() {
        var fields = form("override_host=&port=0&ssl_cert_hostname");

        assertThat(fields).containsEntry("override_host", List.of(""))
                .containsEntry("port", List.of("0"))
                .containsEntry("ssl_cert_hostname", List.of(""));
    }

    @Test
    void keepsEqualsSignsInsideAValue() {
        assertThat(form("statement=a=b=c")).containsEntry("statement", List.of("a=b=c"));
    }

    @Test
    void skipsEmptyPairs() {
        assertThat(form("&a=1&&b=2&")).containsOnlyKeys("a", "b");
    }

    @Test
    void readsTheHealthCheckHeadersJsonLiteralAsOneValue() {
        assertThat(form("headers=%5B\"Foo:Bar\",\"Baz:Qux\"%5D"))
                .containsEntry("headers", List.of("[\"Foo:Bar\",\"Baz:Qux\"]"));
    }

    @Test
    void keepsRawNonAsciiTextNextToEscapes() {
        // A client that does not escape non-ASCII characters: "café 😀" with a '+' for the space.
        assertThat(form("name=caf\u00e9+\ud83d\ude00")).containsEntry("name", List.of("caf\u00e9 \ud83d\ude00"));
    }

    @Test
    void keepsRawNonAsciiTextWithoutEscapes() {
        assertThat(form("name=\u00fcber\ud83d\ude00")).containsEntry("name", List.of("\u00fcber\ud83d\ude00"));
    }

    @Test
    void readsAnEmptyBodyAsNoFields() {
        assertThat(RequestFields.parse("application/x-www-form-urlencoded", new byte[0])).isEmpty();
        assertThat(RequestFields.parse("application/json", new byte[0])).isEmpty();
        assertThat(RequestFields.parse("", new byte[0])).isEmpty();
    }

    @Test
    void readsABodyWithoutContentTypeAsAForm() {
        assertThat(RequestFields.parse("", "name=a+b".getBytes(StandardCharsets.UTF_8))).containsEntry("name", List.of("a b"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%", "%4", "%zz", "%G1", "a%", "50%+off", "%%41"})
    void refusesBrokenPercentEscapesNamingTheRule(String value) {
        assertThatThrownBy(() -> form("comment=" + value))
                .isInstanceOf(WireException.class)
                .extracting(e -> ((WireException) e).detail()).asString()
                .contains("percent-escape").contains("%XX");
    }

    @Test
    void refusesBrokenPercentEscapesInKeys() {
        assertThatThrownBy(() -> form("na%zme=x")).isInstanceOf(WireException.class).hasMessageContaining("percent-escape");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%FF", "%C3%28", "%C3", "%ED%A0%80", "%F0%9F%98"})
    void refusesEscapesThatAreNotUtf8(String value) {
        assertThatThrownBy(() -> form("name=" + value))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void refusesARawBodyThatIsNotUtf8() {
        var body = new byte[] {'n', 'a', 'm', 'e', '=', (byte) 0xC3, (byte) 0x28};

        assertThatThrownBy(() -> RequestFields.parse("application/x-www-form-urlencoded", body))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void readsJsonScalarsAsTheirText() {
        var fields = json("{\"name\":\"origin\",\"port\":443,\"use_ssl\":true,\"weight\":-5,\"comment\":\"a b\"}");

        assertThat(fields).containsEntry("name", List.of("origin"))
                .containsEntry("port", List.of("443"))
                .containsEntry("use_ssl", List.of("true"))
                .containsEntry("weight", List.of("-5"))
                .containsEntry("comment", List.of("a b"));
    }

    @Test
    void readsJsonNullAsAnEmptyValue() {
        assertThat(json("{\"override_host\":null}")).containsEntry("override_host", List.of(""));
    }

    @Test
    void readsJsonArraysAsRepeatedValues() {
        assertThat(json("{\"headers\":[\"Foo: Bar\",\"Baz: Qux\"],\"services[]\":[\"a\"]}"))
                .containsEntry("headers", List.of("Foo: Bar", "Baz: Qux"))
                .containsEntry("services", List.of("a"));
    }

    @Test
    void doesNotPercentDecodeJsonStrings() {
        assertThat(json("{\"name\":\"a+b%20c\"}")).containsEntry("name", List.of("a+b%20c"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"})
    void recognisesJsonContentTypesWithParametersAndAnyCase(String type) {
        var fields = RequestFields.parse(type, "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(fields).containsEntry("name", List.of("caf\u00e9"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"name\": \"x\",", "{name: x}", "not json", "{\"a\":1"})
    void refusesInvalidJsonNamingTheBody(String body) {
        assertThatThrownBy(() -> json(body))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("body")
                .hasMessageContaining("JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"name\":\"x\"}}", "{\"name\":\"x\"} {\"name\":\"y\"}", "{\"name\":\"x\"} trailing"})
    void refusesJsonWithContentAfterTheObject(String body) {
        assertThatThrownBy(() -> json(body))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null"})
    void refusesJsonThatIsNotAnObject(String body) {
        assertThatThrownBy(() -> json(body))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void refusesNestedJsonObjectsNamingTheKey() {
        assertThatThrownBy(() -> json("{\"address\":{\"host\":\"x\"}}"))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("address")
                .hasMessageContaining("nested");
    }

    @Test
    void refusesNestedObjectsInsideJsonArrays() {
        assertThatThrownBy(() -> json("{\"headers\":[{\"a\":1}]}"))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("headers");
    }

    @Test
    void decodeLeavesPlainTextAlone() {
        assertThat(RequestFields.decode("plain-text_1.2")).isEqualTo("plain-text_1.2");
    }
}
