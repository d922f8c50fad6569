package io.mirage.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A judge's answer, parsed strictly: one JSON object with exactly the answer field (one of the
 * allowed values), a confidence from 0 to 1, a short reasoning and a list of quotes. A Markdown code
 * fence around the object is tolerated; anything else around it, a missing or extra field, or a
 * value of the wrong type is a {@link Invalid} reply.
 */
record JudgeReply(String answer, double confidence, String reasoning, List<String> quotes) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    JudgeReply {
        quotes = List.copyOf(quotes);
    }

    /** Why a reply cannot be used, phrased so it can be sent back to the judge. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    static JudgeReply parse(String text, String answerField, Set<String> allowed) throws Invalid {
        String body = unfence(text.strip());
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("the reply is not a single JSON object (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new Invalid("the reply is not a single JSON object");
        Set<String> fields = Set.of(answerField, "confidence", "reasoning", "quotes");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) throw new Invalid("unexpected field \"" + name + "\"; use only " + String.join(", ", fields.stream().sorted().toList()));
        }
        JsonNode answer = root.get(answerField);
        if (answer == null || !answer.isTextual() || !allowed.contains(answer.asText())) {
            throw new Invalid("\"" + answerField + "\" must be one of " + String.join(", ", allowed.stream().sorted().map(a -> "\"" + a + "\"").toList()));
        }
        JsonNode confidence = root.get("confidence");
        if (confidence == null || !confidence.isNumber() || confidence.asDouble() < 0 || confidence.asDouble() > 1) {
            throw new Invalid("\"confidence\" must be a number from 0 to 1");
        }
        JsonNode reasoning = root.get("reasoning");
        if (reasoning == null || !reasoning.isTextual()) throw new Invalid("\"reasoning\" must be a string");
        JsonNode quotes = root.get("quotes");
        if (quotes == null || !quotes.isArray()) throw new Invalid("\"quotes\" must be a list of strings");
        List<String> list = new ArrayList<>();
        for (JsonNode q : quotes) {
            if (!q.isTextual()) throw new Invalid("\"quotes\" must be a list of strings");
            list.add(q.asText());
        }
        return new JudgeReply(answer.asText(), confidence.asDouble(), reasoning.asText(), list);
    }

    private static String unfence(String text) {
        if (!text.startsWith("```")) return text;
        int firstLineEnd = text.indexOf('\n');
        if (firstLineEnd < 0 || !text.endsWith("```") || text.length() < firstLineEnd + 4) return text;
        return text.substring(firstLineEnd + 1, text.length() - 3).strip();
    }
}
