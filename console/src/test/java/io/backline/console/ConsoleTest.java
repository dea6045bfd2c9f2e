package io.backline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleTest {
    private final Console console = Console.load();

    @Test
    void claimsOnlyTheRootAndTheConsolePaths() {
        assertThat(Console.claims("GET", "/")).isTrue();
        assertThat(Console.claims("HEAD", "/console/app.js")).isTrue();
        assertThat(Console.claims("GET", "/service")).isFalse();
        assertThat(Console.claims("GET", "/consoles")).isFalse();
        assertThat(Console.claims("GET", "")).isFalse();
        assertThat(Console.claims("POST", "/")).isFalse();
    }

    @Test
    void rootAnswersTheIndexWithTheSecurityHeaders() {
        var answer = console.answer("/", null).orElseThrow();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("content-security-policy", Console.CSP)
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("referrer-policy", "no-referrer")
                .containsKey("etag");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("<script type=\"module\" src=\"/console/app.js\">");
    }

    @Test
    void vendorPathServesTheLitHtmlWebjar() {
        var answer = console.answer("/console/vendor/lit-html/lit-html.js", null).orElseThrow();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("content-type", "text/javascript; charset=utf-8");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("Copyright 2017 Google LLC");
    }

    @Test
    void matchingEtagAnswersNotModifiedWithoutBody() {
        var etag = console.answer("/console/app.js", null).orElseThrow().headers().get("etag");
        var answer = console.answer("/console/app.js", etag).orElseThrow();
        assertThat(answer.status()).isEqualTo(304);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void leavesTraversalUnknownTypesAndMissingFilesToTheApi() {
        assertThat(console.answer("/console/../console.properties", null)).isEmpty();
        assertThat(console.answer("/console/vendor/lit-html/package.json", null)).isEmpty();
        assertThat(console.answer("/console/missing.js", null)).isEmpty();
        assertThat(console.answer("/console/vendor/lit-html/../../../../io/backline/console/console.properties", null)).isEmpty();
    }
}
