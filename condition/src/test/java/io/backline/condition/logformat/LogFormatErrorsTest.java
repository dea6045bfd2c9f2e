package io.backline.condition.logformat;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogFormatErrorsTest {

    @ParameterizedTest(name = "{0} is refused at {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "%h %l %u %t %Q|13|unknown directive %Q at position 13 (expected: one of %a %A",
        "abc %|5|lone % at the end at position 5",
        "%{User-Agent|1|unclosed %{ at position 1",
        "%{User-Agent}|1|directive without a letter at the end at position 1",
        "%i|1|%i without a name at position 1",
        "%{}o|1|%o without a name at position 1",
        "x %{foo}h|3|%{foo}h takes an argument %h has none of at position 3",
        "%400,501{User-agent}i|1|status-conditional directive at position 1",
        "%!200s|1|status-conditional directive at position 1",
        "%f|1|directive %f is not supported by Backline",
        "%P|1|directive %P is not supported by Backline",
        "%{pid}p|1|%{pid}p names no port at position 1",
        "%{min}T|1|%{min}T names no unit at position 1",
        "%{%Y-%Q}t|6|unknown time conversion %Q at position 6",
        "%{%Y %}t|6|lone % at the end of the time format at position 6",
        "%{req.foo}V|3|unknown variable req.foo at position 3",
        "ab %{ client.geo.city }V|7|unknown variable client.geo.city at position 7",
        "%{}V|3|empty %{}V at position 3",
        "%{req.url req.method}V|11|unexpected 'r' after the expression at position 11",
        "%{md5(req.url)}V|3|unknown function md5() at position 3",
        "%{json.escape(req.url, req.method)}V|3|json.escape() with 2 arguments at position 3",
        "%{json.escape(req.url}V|22|end of expression inside json.escape( at position 22",
        "%{\"open}V|3|unclosed string at position 3",
        "%{strftime(req.url, now)}V|3|strftime() takes its format as a string literal at position 3",
        "%{strftime(\"%Y\", req.url)}V|3|strftime() takes a time as its second argument at position 3",
        "%{strftime(\"%Q\", now)}V|3|unknown time conversion %Q at position 3",
        "%{req.http.}V|3|unknown variable req.http. at position 3",
        "%{(req.url)}V|3|unexpected '(' at position 3",
    })
    void refusesWithThePosition(String format, int position, String message) {
        assertThatThrownBy(() -> LogFormat.compile(format, 2))
                .isInstanceOfSatisfying(LogFormatException.class, e -> org.assertj.core.api.Assertions.assertThat(e.position())
                        .isEqualTo(position))
                .hasMessageStartingWith(message);
    }

    @Test
    void formatVersionOneRefusesVclExpressions() {
        assertThatThrownBy(() -> LogFormat.compile("%h %{req.url}V", 1))
                .isInstanceOf(LogFormatException.class)
                .hasMessageStartingWith("%{...}V in format_version 1 at position 4 (expected: format_version 2");
    }

    @Test
    void refusesAControlCharacterAsADirectiveByItsEscape() {
        assertThatThrownBy(() -> LogFormat.compile("%\u0001", 2)).hasMessageStartingWith("unknown directive %\\x01 at position 1");
    }

    @Test
    void formatVersionIsOneOrTwo() {
        assertThatIllegalArgumentException().isThrownBy(() -> LogFormat.compile("%h", 3))
                .withMessage("formatVersion: 3 (expected: 1 or 2)");
    }
}
