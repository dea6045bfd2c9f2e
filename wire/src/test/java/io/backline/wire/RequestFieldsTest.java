package io.backline.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.model.InputValue;
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
        return RequestFields.form(body);
    }

    private static Map<String, List<InputValue>> json(String body) {
        return json(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<InputValue>> json(byte[] body) {
        return RequestFields.parse("application/json", body).values();
    }

    private static WireException refusedJson(String body) {
        return refusedJson(body.getBytes(StandardCharsets.UTF_8));
    }

    private static WireException refusedJson(byte[] body) {
        try {
            RequestFields.parse("application/json", body);
        } catch (WireException e) {
            assertThat(e.detail()).startsWith("body: ");
            return e;
        }
        throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
    }

    private static InputValue text(String text) {
        return new InputValue.Text(text);
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
        assertThat(RequestFields.parse("application/x-www-form-urlencoded", new byte[0]).isEmpty()).isTrue();
        assertThat(RequestFields.parse("application/json", new byte[0]).isEmpty()).isTrue();
        assertThat(RequestFields.parse("", new byte[0]).isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "text/plain", "application/jsonx", "application/json-seq", "multipart/form-data; boundary=x"})
    void readsEveryOtherContentTypeAsAForm(String type) {
        assertThat(RequestFields.parse(type, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).values()).containsOnlyKeys("{\"a\":1}");
    }

    @Test
    void readsABodyWithoutContentTypeAsAFormOfText() {
        assertThat(RequestFields.parse("", "name=a+b&port=80".getBytes(StandardCharsets.UTF_8)).values())
                .containsEntry("name", List.of(text("a b")))
                .containsEntry("port", List.of(text("80")));
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
    void refusesARawBodyThatIsNotUtf8NamingTheKey() {
        var body = new byte[] {'n', 'a', 'm', 'e', '=', (byte) 0xC3, (byte) 0x28};

        assertThatThrownBy(() -> RequestFields.parse("application/x-www-form-urlencoded", body))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("UTF-8")
                .hasMessageContaining("name");
    }

    @Test
    void namesTheKeyOfAnEscapeThatIsNotUtf8() {
        assertThatThrownBy(() -> form("a=1&comment=%FF%FE")).isInstanceOf(WireException.class)
                .hasMessageStartingWith("body: not valid UTF-8 in the value of comment");
    }

    @Test
    void readsJsonValuesWithTheirType() {
        var fields = json("{\"name\":\"origin\",\"port\":443,\"use_ssl\":true,\"weight\":-5,\"comment\":\"a b\","
                + "\"connect_timeout\":8e1,\"first_byte_timeout\":80.0}");

        assertThat(fields).containsEntry("name", List.of(text("origin")))
                .containsEntry("port", List.of(new InputValue.WholeNumber("443")))
                .containsEntry("use_ssl", List.of(new InputValue.Bool(true)))
                .containsEntry("weight", List.of(new InputValue.WholeNumber("-5")))
                .containsEntry("comment", List.of(text("a b")))
                .containsEntry("connect_timeout", List.of(new InputValue.DecimalNumber("8e1")))
                .containsEntry("first_byte_timeout", List.of(new InputValue.DecimalNumber("80.0")));
    }

    @Test
    void keepsNumbersBeyondLongAndDoubleAsWritten() {
        assertThat(json("{\"port\":123456789012345678901234567890,\"weight\":1e400}"))
                .containsEntry("port", List.of(new InputValue.WholeNumber("123456789012345678901234567890")))
                .containsEntry("weight", List.of(new InputValue.DecimalNumber("1e400")));
    }

    @Test
    void readsJsonNullAsNull() {
        assertThat(json("{\"override_host\":null}")).containsEntry("override_host", List.of(new InputValue.Null()));
    }

    @Test
    void readsJsonArraysAsOneArrayValue() {
        assertThat(json("{\"headers\":[\"Foo: Bar\",\"Baz: Qux\"],\"services[]\":[\"a\"]}"))
                .containsEntry("headers", List.of(new InputValue.Array(List.of(text("Foo: Bar"), text("Baz: Qux")))))
                .containsEntry("services", List.of(new InputValue.Array(List.of(text("a")))));
    }

    @Test
    void keepsEveryValueOfARepeatedJsonKeyInOrder() {
        assertThat(json("{\"port\":80,\"port\":\"81\"}"))
                .containsEntry("port", List.of(new InputValue.WholeNumber("80"), text("81")));
    }

    @Test
    void readsNestedObjectsForTheSchemaToRefuse() {
        var fields = json("{\"address\":{\"host\":\"x\"},\"headers\":[{\"a\":1}]}");

        assertThat(fields.get("address")).singleElement().isInstanceOf(InputValue.ObjectValue.class);
        assertThat(fields.get("address").getFirst().describe()).isEqualTo("{\"host\":\"x\"}");
        assertThat(fields.get("headers").getFirst().describe()).isEqualTo("[{\"a\":1}]");
    }

    @Test
    void doesNotPercentDecodeJsonStrings() {
        assertThat(json("{\"name\":\"a+b%20c\"}")).containsEntry("name", List.of(text("a+b%20c")));
    }

    @Test
    void acceptsAUtf8ByteOrderMark() {
        assertThat(json("\uFEFF{\"name\":\"a\"}")).containsEntry("name", List.of(text("a")));
    }

    @Test
    void refusesJsonThatIsNotUtf8NamingTheMember() {
        var body = new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'a', (byte) 0xFF, '"', '}'};

        assertThat(refusedJson(body).detail()).isEqualTo("body: not valid UTF-8 at byte 10, in the value of name (expected: UTF-8 text)");
    }

    @Test
    void refusesInvalidUtf8InsideAnArrayNamingTheMember() {
        var body = new byte[] {'{', '"', 'h', '"', ':', '[', '"', (byte) 0xC3, '"', ']', '}'};

        assertThat(refusedJson(body).detail()).contains("UTF-8").contains("in the value of h");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FEFF7B7D", "FFFE7B00", "C0AF", "EDA080", "F4908080"})
    void refusesJsonInOtherEncodingsAndOverlongOrSurrogateUtf8(String hex) {
        var body = java.util.HexFormat.of().parseHex(hex);

        assertThat(refusedJson(body).detail()).contains("UTF-8");
    }

    @Test
    void refusesARawNulByteInJson() {
        assertThat(refusedJson(new byte[] {'{', 0, '}'}).detail()).contains("invalid JSON");
    }

    @Test
    void refusesNestingDeeperThanTheLimitNamingIt() {
        var deep = "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

        assertThat(refusedJson(deep).detail()).contains("nesting depth").doesNotContain("StreamReadConstraints");
    }

    @Test
    void refusesNumbersLongerThanTheLimit() {
        assertThat(refusedJson("{\"port\":" + "9".repeat(2_000) + "}").detail()).contains("Number value length");
        assertThat(refusedJson("{\"port\":1e" + "9".repeat(2_000) + "}").detail()).contains("body: invalid JSON");
    }

    @Test
    void refusesNamesLongerThanTheLimit() {
        assertThat(refusedJson("{\"" + "k".repeat(60_000) + "\":1}").detail()).contains("Name length");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}{}", "{} x", "{\"a\":1} 2", "{\"a\":1}]", "{\"a\":1}\n{\"a\":1}"})
    void refusesAnythingAfterTheObject(String body) {
        assertThat(refusedJson(body).detail()).contains("JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"a\":", "{\"a\":\"x", "{\"a\":[1,", "{\"a\":tru", "{\"a\":-}", "{\"a\":01}", "{\"a\":NaN}",
            "{'a':1}", "{\"a\":1,}", " ", "\uFEFF"})
    void refusesEveryMalformedDocumentWithLineAndColumnWhereKnown(String body) {
        assertThat(refusedJson(body).detail()).containsAnyOf("invalid JSON", "not a JSON object");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8",
            "application/vnd.api+json", "application/merge-patch+json; charset=utf-8", "text/json", " application/json "})
    void recognisesJsonContentTypesWithParametersAndAnyCase(String type) {
        var fields = RequestFields.parse(type, "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8)).values();

        assertThat(fields).containsEntry("name", List.of(text("caf\u00e9")));
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
    void decodeLeavesPlainTextAlone() {
        assertThat(RequestFields.decode("plain-text_1.2")).isEqualTo("plain-text_1.2");
    }
}
