package io.backline.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The SDK's own JSON mapper, so its users get Jackson and nothing of the server's wire module.
 * Answers are only read as trees ({@code JsonResponse} reads their fields leniently), so it needs
 * one setting, the one the server's mapper has too: {@code {...} junk} is not a JSON object.
 */
final class SdkJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SdkJson() {}

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
