package io.backline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleTest {
    private final Console console = Console.load();

    @Test
    void claimsOnlyTheRootAndTheConsolePaths() {
        assertThat(Console.claims("/")).isTrue();
        assertThat(Console.claims("/console/app.js")).isTrue();
        assertThat(Console.claims("/service")).isFalse();
        assertThat(Console.claims("/consoles")).isFalse();
        assertThat(Console.claims("")).isFalse();
    }

    @Test
    void rootAnswersTheIndexWithTheSecurityHeaders() {
        var answer = console.answer("GET", "/", null);
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
        var answer = console.answer("GET", "/console/vendor/lit-html/lit-html.js", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("content-type", "text/javascript; charset=utf-8");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("Copyright 2017 Google LLC");
    }

    @Test
    void matchingEtagAnswersNotModifiedWithoutBody() {
        var etag = console.answer("GET", "/console/app.js", null).headers().get("etag");
        var answer = console.answer("GET", "/console/app.js", etag);
        assertThat(answer.status()).isEqualTo(304);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void refusesTraversalUnknownTypesAndWrites() {
        assertThat(console.answer("GET", "/console/../console.properties", null).status()).isEqualTo(404);
        assertThat(console.answer("GET", "/console/vendor/lit-html/package.json", null).status()).isEqualTo(404);
        assertThat(console.answer("GET", "/console/missing.js", null).status()).isEqualTo(404);
        assertThat(console.answer("POST", "/", null).status()).isEqualTo(405);
    }
}
