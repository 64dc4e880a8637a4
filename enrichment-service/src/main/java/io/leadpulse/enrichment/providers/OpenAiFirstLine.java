package io.leadpulse.enrichment.providers;

import io.leadpulse.enrichment.EnrichmentSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A first line from an OpenAI-compatible {@code POST /v1/chat/completions} (OpenAI, Azure-style
 * proxies, vLLM, Ollama). Only the first name, company and city are sent. Answers are cached by
 * model and those inputs.
 */
public final class OpenAiFirstLine implements FirstLineWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SYSTEM_PROMPT = "You write the opening line of a short, friendly sales message. "
            + "One sentence, at most 25 words, specific to the company, no placeholders, no sign-off.";
    private static final int MAX_LENGTH = 300;

    private final EnrichmentSettings.Provider settings;
    private final PoliteHttp http;
    private final ProviderCache cache;

    public OpenAiFirstLine(EnrichmentSettings.Provider settings, PoliteHttp http, ProviderCache cache) {
        this.settings = settings;
        this.http = http;
        this.cache = cache;
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public FirstLine write(LeadFacts lead, Place place) {
        String prompt = "First name: " + orUnknown(lead.firstName()) + ". Company: " + orUnknown(lead.company())
                + ". City: " + orUnknown(place == null ? null : place.city()) + ".";
        String text = cache.get(
                name(), settings.model() + "|" + prompt, settings.cacheTtl(), String.class, () -> ask(prompt));
        return new FirstLine(text, name());
    }

    private String ask(String prompt) {
        Map<String, Object> body = Map.of(
                "model",
                settings.model(),
                "messages",
                List.of(Map.of("role", "system", "content", SYSTEM_PROMPT), Map.of("role", "user", "content", prompt)),
                "max_tokens",
                80,
                "temperature",
                0.7);
        String answer = http.postJson(
                URI.create(base() + "/v1/chat/completions"),
                Map.of("Authorization", "Bearer " + settings.key(), "Accept", "application/json"),
                JSON.writeValueAsString(body));
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (JacksonException e) {
            throw http.invalid("answer is not JSON");
        }
        JsonNode content = root == null
                ? null
                : root.path("choices").path(0).path("message").path("content");
        if (content == null || !content.isString() || content.asString().isBlank()) {
            throw http.invalid("answer has no choices[0].message.content");
        }
        String line = content.asString().trim().replaceAll("\\s+", " ");
        if (line.length() > 1 && line.startsWith("\"") && line.endsWith("\"")) {
            line = line.substring(1, line.length() - 1).trim();
        }
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) : line;
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value.trim();
    }

    private String base() {
        String url = settings.url();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
