package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API's series after real requests: labelled by route template, never by the path a client sent. */
class ApiMetricsTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.withWritesPerHour(0);

    private static final Pattern ROUTE = Pattern.compile("route=\"([^\"]*)\"");

    private static String scrape() {
        var reply = api.get("/_backline/metrics").status(200);
        assertThat(reply.headers().firstValue("content-type").orElse("")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        return reply.body();
    }

    private static Set<String> routes(String scrape) {
        return Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith("backline_api_requests_seconds_count"))
                .map(line -> {
                    var matcher = ROUTE.matcher(line);
                    return matcher.find() ? matcher.group(1) : "";
                })
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static double value(String scrape, String series) {
        return Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith(series + " ")).mapToDouble(
                line -> Double.parseDouble(line.substring(series.length() + 1))).sum();
    }

    @Test
    void aThousandServiceIdsAreOneSeriesPerRouteAndStatusClass() {
        var sid = api.post("/service", form("name", "metrics shop")).ok().json().get("id").asText();
        api.get("/service/" + sid + "/version/1/backend").ok();
        var before = scrape();
        long seriesBefore = before.lines().filter(line -> !line.startsWith("#")).count();

        for (int i = 0; i < 1_000; i++) {
            api.get("/service/unknown" + i + "/version/1/backend").status(404);
            api.get("/no/such/route/" + i).status(404);
        }
        for (int i = 0; i < 20; i++) {
            api.get("/service/" + sid + "/version/1/backend").ok();
        }

        var after = scrape();
        assertThat(routes(after)).contains("/service", "/service/{sid}/version/{v}/backend", "unmatched", "/_backline/metrics")
                .allSatisfy(route -> assertThat(route).doesNotContain("unknown").doesNotContain("such"));
        // A few new (route, status class) timers of 19 lines each (16 buckets, count, sum, max): the backend list's 404s,
        // the unmatched 404s, the first scrape's own answer, failed store reads; never one per path.
        long seriesAfter = after.lines().filter(line -> !line.startsWith("#")).count();
        assertThat(seriesAfter - seriesBefore).isLessThanOrEqualTo(5 * 19);
        var backendList = "backline_api_requests_seconds_count{method=\"GET\",route=\"/service/{sid}/version/{v}/backend\",";
        assertThat(value(after, backendList + "status_class=\"2xx\"}")).isEqualTo(21);
        assertThat(value(after, backendList + "status_class=\"4xx\"}")).isEqualTo(1_000);
        assertThat(value(after, "backline_api_requests_seconds_count{method=\"GET\",route=\"unmatched\",status_class=\"4xx\"}"))
                .isEqualTo(1_000);
        assertThat(value(after, "backline_store_transactions_seconds_count{kind=\"write\",outcome=\"ok\"}")).isPositive();
        assertThat(value(after, "backline_store_retries_total")).isZero();
        assertThat(value(after, "backline_config_revision")).isZero();
    }

    @Test
    void aScraperThatAsksForOpenMetricsGetsIt() {
        var reply = api.call("GET", "/_backline/metrics").header("Accept", "application/openmetrics-text; version=1.0.0").send();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("content-type").orElse("")).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(reply.body()).contains("# TYPE backline_api_responses counter").endsWith("# EOF\n");
    }
}
