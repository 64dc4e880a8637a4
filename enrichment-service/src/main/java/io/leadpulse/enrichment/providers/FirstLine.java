package io.leadpulse.enrichment.providers;

/** An opening line for templates, and who wrote it ({@code openai}, {@code template}). */
public record FirstLine(String text, String source) {}
