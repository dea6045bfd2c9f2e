package io.backline.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.CacheSettings;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CachePolicyTest {
    private static final long NOW = 1_700_000_000_000L;

    private static HttpHeaders headers(String... pairs) {
        var headers = new DefaultHttpHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private static CachePolicy.Decision decide(int status, String... pairs) {
        return CachePolicy.decide(status, headers(pairs), NOW, CacheSettings.DEFAULT);
    }

    private static CachePolicy.Store stored(String... pairs) {
        return (CachePolicy.Store) decide(200, pairs);
    }

    @Test
    void surrogateControlMaxAgeComesBeforeEveryCacheControlDirective() {
        var store = stored("Surrogate-Control", "max-age=50", "Cache-Control", "s-maxage=60, max-age=70");
        assertThat(store.ttlSeconds()).isEqualTo(50);
        assertThat(store.source()).isEqualTo("Surrogate-Control max-age");
    }

    @Test
    void sMaxAgeComesBeforeMaxAgeAndMaxAgeBeforeExpires() {
        assertThat(stored("Cache-Control", "max-age=70, s-maxage=60").ttlSeconds()).isEqualTo(60);
        var expires = DateFormatter.format(new Date(NOW + 500_000));
        var store = stored("Cache-Control", "max-age=70", "Expires", expires);
        assertThat(store.ttlSeconds()).isEqualTo(70);
        assertThat(store.source()).isEqualTo("Cache-Control max-age");
    }

    @Test
    void expiresCountsFromTheOriginsDateAndOtherwiseFromNow() {
        var date = DateFormatter.format(new Date(NOW - 1_000_000));
        var expires = DateFormatter.format(new Date(NOW - 1_000_000 + 300_000));
        var store = stored("Expires", expires, "Date", date);
        assertThat(store.ttlSeconds()).isEqualTo(300);
        assertThat(store.source()).isEqualTo("Expires");
        assertThat(stored("Expires", DateFormatter.format(new Date(NOW + 120_000))).ttlSeconds()).isEqualTo(120);
        assertThat(decide(200, "Expires", "0")).isEqualTo(new CachePolicy.Pass("ttl=0 (Expires)"));
    }

    @Test
    void withoutCacheHeadersTheSettingsDefaultTtlApplies() {
        var store = stored();
        assertThat(store.ttlSeconds()).isEqualTo(3600);
        assertThat(store.source()).isEqualTo("default_ttl");
        assertThat(CachePolicy.decide(200, headers(), NOW, new CacheSettings(120, false, 0))).isEqualTo(new CachePolicy.Store(120, 0, 0,
                "default_ttl"));
        assertThat(CachePolicy.decide(200, headers(), NOW, new CacheSettings(0, false, 0))).isEqualTo(new CachePolicy.Pass(
                "ttl=0 (default_ttl)"));
    }

    @Test
    void theResponsesAgeIsTakenOffItsTtl() {
        assertThat(stored("Cache-Control", "max-age=100", "Age", "30").ttlSeconds()).isEqualTo(70);
        assertThat(decide(200, "Cache-Control", "max-age=100", "Age", "100")).isInstanceOf(CachePolicy.Pass.class);
    }

    @ParameterizedTest(name = "{0}: {1} → pass: {2}")
    @CsvSource(delimiter = '|', value = {
        "Cache-Control|private|Cache-Control private",
        "Cache-Control|max-age=60, private|Cache-Control private",
        "Cache-Control|no-store|Cache-Control no-store",
        "Cache-Control|no-cache|Cache-Control no-cache",
        "Cache-Control|max-age=0|ttl=0 (Cache-Control max-age)",
        "Cache-Control|s-maxage=0, max-age=60|ttl=0 (Cache-Control s-maxage)",
        "Surrogate-Control|max-age=0|ttl=0 (Surrogate-Control max-age)",
        "Set-Cookie|id=1|Set-Cookie",
        "Vary|*|Vary *"})
    void neverCached(String name, String value, String reason) {
        assertThat(decide(200, name, value)).isEqualTo(new CachePolicy.Pass(reason));
    }

    @ParameterizedTest
    @CsvSource({"200,true", "203,true", "300,true", "301,true", "302,true", "404,true", "410,true", "201,false", "206,false",
        "304,false", "307,false", "500,false", "503,false"})
    void onlyFastlysDefaultStatusesAreCached(int status, boolean cached) {
        assertThat(decide(status) instanceof CachePolicy.Store).isEqualTo(cached);
        if (!cached) {
            assertThat(decide(status)).isEqualTo(new CachePolicy.Pass("status " + status, false));
        }
    }

    @Test
    void noCacheForBrowsersBesideSurrogateControlForTheCdnIsCached() {
        var store = stored("Cache-Control", "no-cache", "Surrogate-Control", "max-age=86400");
        assertThat(store.ttlSeconds()).isEqualTo(86400);
    }

    @Test
    void staleWindowsComeFromSurrogateControlFirstThenCacheControl() {
        var store = stored("Cache-Control", "max-age=60, stale-while-revalidate=10, stale-if-error=20");
        assertThat(store.staleWhileRevalidateSeconds()).isEqualTo(10);
        assertThat(store.staleIfErrorSeconds()).isEqualTo(20);
        var surrogate = stored("Cache-Control", "max-age=60, stale-while-revalidate=10", "Surrogate-Control",
                "max-age=30, stale-while-revalidate=40, stale-if-error=50");
        assertThat(surrogate).isEqualTo(new CachePolicy.Store(30, 40, 50, "Surrogate-Control max-age"));
    }

    @Test
    void malformedDirectivesAreIgnored() {
        var store = stored("Cache-Control", "max-age=abc, s-maxage=\"15\"");
        assertThat(store.ttlSeconds()).isEqualTo(15);
        assertThat(stored("Cache-Control", "max-age=-5").source()).isEqualTo("default_ttl");
    }

    @ParameterizedTest(name = "{0} of 10 bytes → {1}")
    @CsvSource(delimiter = '|', value = {"bytes=0-3|0-3", "bytes=2-|2-9", "bytes=-4|6-9", "bytes=5-100|5-9", "bytes=-20|0-9",
        "bytes=10-|416", "bytes=-0|416", "bytes=0-1,3-4|ignored", "lines=1-2|ignored", "bytes=5-2|ignored"})
    void byteRangesResolveAgainstTheObjectsLength(String header, String expected) {
        var range = ByteRange.parse(header, 10);
        var text = range == null ? "ignored" : range.satisfiable() ? range.first() + "-" + range.last() : "416";
        assertThat(text).isEqualTo(expected);
    }
}
