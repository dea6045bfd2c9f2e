package io.backline.condition.logformat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static final SampleRecord RECORD = SampleRecord.get();

    private static String render(String format) {
        return LogFormat.compile(format, 2).render(RECORD);
    }

    @Test
    void rendersFastlysDefaultAsApachesCommonLogFormat() {
        assertThat(render(LogFormat.DEFAULT))
                .isEqualTo("192.0.2.7 - - [03/Dec/2026:16:56:44 +0000] \"GET /a/b.png?x=1&y=2 HTTP/1.1\" 200 1234");
    }

    @ParameterizedTest(name = "{0} renders {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "%a|192.0.2.7",
        "%{c}a|192.0.2.7",
        "%A|198.51.100.1",
        "%b|1234",
        "%B|1234",
        "%{session}C|abc",
        "%{z}C|9",
        "%{missing}C|-",
        "%D|12345",
        "%h|192.0.2.7",
        "%H|HTTP/1.1",
        "%{User-Agent}i|curl/8.5",
        "%{user-agent}i|curl/8.5",
        "%{X-Missing}i|-",
        "%l|-",
        "%m|GET",
        "%{Content-Type}o|image/png",
        "%{X-Missing}o|-",
        "%p|443",
        "%{canonical}p|443",
        "%{local}p|443",
        "%{remote}p|50123",
        "%q|?x=1&y=2",
        "%r|GET /a/b.png?x=1&y=2 HTTP/1.1",
        "%s|200",
        "%>s|200",
        "%<s|200",
        "%t|[03/Dec/2026:16:56:44 +0000]",
        "%{%Y-%m-%dT%H:%M:%S%z}t|2026-12-03T16:56:44+0000",
        "%{%a %A %b %B %d %e %j %y %Z}t|Thu Thursday Dec December 03  3 337 26 UTC",
        "%{%D %R %T %F %I %p %s %%}t|12/03/26 16:56 16:56:44 2026-12-03 04 PM 1796317004 %",
        "%{sec}t|1796317004",
        "%{msec}t|1796317004123",
        "%{usec}t|1796317004123456",
        "%{msec_frac}t|123",
        "%{usec_frac}t|123456",
        "%{begin:%H:%M:%S}t|16:56:44",
        "%{end:usec}t|1796317004135801",
        "%T|0",
        "%{s}T|0",
        "%{ms}T|12",
        "%{us}T|12345",
        "%u|-",
        "%U|/a/b.png",
        "%v|www.example.com",
        "%V|www.example.com",
        "100%%|100%",
        "plain text|plain text",
    })
    void rendersEveryApacheDirective(String format, String expected) {
        assertThat(render(format)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} renders {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "%{req.url}V|/a/b.png?x=1&y=2",
        "%{req.url.path}V|/a/b.png",
        "%{req.url.qs}V|x=1&y=2",
        "%{req.method}V|GET",
        "%{req.request}V|GET",
        "%{req.proto}V|HTTP/1.1",
        "%{req.http.User-Agent}V|curl/8.5",
        "%{req.http.X-Missing}V|(null)",
        "%{resp.status}V|200",
        "%{resp.http.Content-Type}V|image/png",
        "%{resp.http.X-Missing}V|(null)",
        "%{resp.body_bytes_written}V|1234",
        "%{client.ip}V|192.0.2.7",
        "%{client.port}V|50123",
        "%{server.ip}V|198.51.100.1",
        "%{server.port}V|443",
        "%{server.hostname}V|edge-1.example.net",
        "%{server.identity}V|edge-1",
        "%{req.service_id}V|SU1Z0isxPaozGVKXdv0eY",
        "%{req.vcl.version}V|3",
        "%{req.backend}V|origin_1",
        "%{beresp.backend.name}V|origin_1",
        "%{fastly_info.state}V|PASS",
        "%{time.start}V|Thu, 03 Dec 2026 16:56:44 GMT",
        "%{time.start.sec}V|1796317004",
        "%{time.start.msec}V|1796317004123",
        "%{time.start.usec}V|1796317004123456",
        "%{time.end}V|Thu, 03 Dec 2026 16:56:44 GMT",
        "%{now}V|Thu, 03 Dec 2026 16:56:44 GMT",
        "%{time.end.usec}V|1796317004135801",
        "%{time.end.msec}V|1796317004135",
        "%{time.end.sec}V|1796317004",
        "%{time.elapsed}V|0.012",
        "%{time.elapsed.sec}V|0",
        "%{time.elapsed.msec}V|12",
        "%{time.elapsed.usec}V|12345",
        "%{ req.url }V|/a/b.png?x=1&y=2",
        "%{\"text\"}V|text",
        "%{\"a%22b\"}V|a\"b",
        "%{std.toupper(req.method)}V|GET",
        "%{std.tolower(req.http.User-Agent)}V|curl/8.5",
        "%{std.toupper(req.http.X-Missing)}V|(null)",
        "%{if(req.http.X-Missing, req.http.X-Missing, req.http.Host)}V|www.example.com:8080",
        "%{if(req.http.User-Agent, \"yes\", \"no\")}V|yes",
        "%{strftime(\\{\"%Y-%m-%dT%H:%M:%S%z\"\\}, time.start)}V|2026-12-03T16:56:44+0000",
        "%{strftime(\"%s\", now)}V|1796317004",
    })
    void rendersEveryVclVariableAndFunction(String format, String expected) {
        assertThat(render(format)).isEqualTo(expected);
    }

    @Test
    void rendersTheJsonFormatFastlysDocumentationShows() {
        var format = "{ \"timestamp\": \"%{strftime(\\{\"%Y-%m-%dT%H:%M:%S%z\"\\}, time.start)}V\", \"client_ip\": \"%{client.ip}V\","
                + " \"url\": \"%{json.escape(req.url)}V\", \"request_method\": \"%{json.escape(req.method)}V\","
                + " \"response_state\": \"%{json.escape(fastly_info.state)}V\", \"response_status\": %{resp.status}V,"
                + " \"user_agent\": \"%{json.escape(req.http.User-Agent)}V\" }";
        var record = RECORD.with("/q?\"quoted\"\\back", Map.of("User-Agent", "evil\"\n{"));
        assertThat(LogFormat.compile(format, 2).render(record)).isEqualTo("{ \"timestamp\": \"2026-12-03T16:56:44+0000\","
                + " \"client_ip\": \"192.0.2.7\", \"url\": \"/q?\\\"quoted\\\"\\\\back\", \"request_method\": \"GET\","
                + " \"response_state\": \"PASS\", \"response_status\": 200, \"user_agent\": \"evil\\\"\\n{\" }");
    }

    @Test
    void jsonEscapeOfAnUnsetValueIsEmpty() {
        assertThat(render("\"%{json.escape(req.http.X-Missing)}V\"")).isEqualTo("\"\"");
    }

    @Test
    void escapesRequestTextAsApacheDoesSoAClientCannotForgeALine() {
        var record = RECORD.with("/a\"b\\c", Map.of("User-Agent", "x\r\ny\u0001\u007f"));
        assertThat(LogFormat.compile("\"%r\" \"%{User-Agent}i\"", 2).render(record))
                .isEqualTo("\"GET /a\\\"b\\\\c HTTP/1.1\" \"x\\x0d\\x0ay\\x01\\x7f\"");
    }

    @Test
    void vclValuesKeepQuotesButNeverBreakTheLine() {
        var record = RECORD.with("/", Map.of("User-Agent", "a\"b\nc"));
        assertThat(LogFormat.compile("%{req.http.User-Agent}V", 2).render(record)).isEqualTo("a\"b\\x0ac");
    }

    @Test
    void literalTextIsCopiedAsWrittenTabsIncluded() {
        assertThat(render("%m\t%s {\"k\": 1}")).isEqualTo("GET\t200 {\"k\": 1}");
    }

    @Test
    void bytesOfAnEmptyBodyAreADashForLowerBAndZeroForUpperB() {
        var empty = new SampleRecord("HEAD", "/", "HTTP/1.1", Map.of(), Map.of(), 204, 0, SampleRecord.START, 5, null, "ERROR");
        assertThat(LogFormat.compile("%b %B %v %{req.backend}V %{fastly_info.state}V", 2).render(empty))
                .isEqualTo("- 0 - (null) ERROR");
    }

    @Test
    void formatVersionOneAcceptsTheApacheDirectives() {
        var format = LogFormat.compile(LogFormat.DEFAULT, 1);
        assertThat(format.version()).isEqualTo(1);
        assertThat(format.source()).isEqualTo(LogFormat.DEFAULT);
        assertThat(format.render(RECORD)).startsWith("192.0.2.7 - - [");
    }

    @Test
    void appendsToTheCallersBuffer() {
        var out = new StringBuilder("<134>");
        LogFormat.compile("%m %U", 2).appendTo(RECORD, out);
        assertThat(out).hasToString("<134>GET /a/b.png");
    }

    @Test
    void aCompiledFormatRendersTheSameLineOnManyThreads() throws Exception {
        var format = LogFormat.compile(LogFormat.DEFAULT + " %{json.escape(req.url)}V", 2);
        var expected = format.render(RECORD);
        var threads = new Thread[4];
        var mismatches = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                var out = new StringBuilder();
                for (int i = 0; i < 10_000; i++) {
                    out.setLength(0);
                    format.appendTo(RECORD, out);
                    if (!out.toString().equals(expected)) {
                        mismatches.incrementAndGet();
                    }
                }
            });
        }
        for (var thread : threads) {
            thread.join();
        }
        assertThat(mismatches).hasValue(0);
    }
}
