package io.mirage.stakeholder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A model-played stakeholder's answer, parsed strictly: one JSON object with exactly a non-empty {@code "reply"} (the
 * body of their email) and a {@code "decision"} from the stakeholder's list. A Markdown code fence around the object
 * is tolerated; anything else around it, a missing or extra field, a reply over the word cap or one holding a term the
 * stakeholder never reveals is {@link Invalid}, with a reason that can be sent back to the model.
 */
public record StakeholderReply(String reply, String decision) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> FIELDS = Set.of("reply", "decision");

    /** Why a reply cannot be used, phrased so it can be sent back to the model. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Parses and checks a reply against the stakeholder's bounds.
     *
     * @param decisions   the decisions the stakeholder may take
     * @param neverReveals terms no reply may contain (compared ignoring case)
     * @param maxWords    the most words the reply may have
     */
    public static StakeholderReply parse(String text, List<String> decisions, List<String> neverReveals, int maxWords) throws Invalid {
        String body = unfence(text == null ? "" : text.strip());
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("the answer is not a single JSON object (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new Invalid("the answer is not a single JSON object");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) throw new Invalid("unexpected field \"" + name + "\"; use only \"reply\" and \"decision\"");
        }
        JsonNode reply = root.get("reply");
        if (reply == null || !reply.isTextual() || reply.asText().isBlank()) throw new Invalid("\"reply\" must be a non-empty string");
        JsonNode decision = root.get("decision");
        if (decision == null || !decision.isTextual() || !decisions.contains(decision.asText())) {
            throw new Invalid("\"decision\" must be one of " + String.join(", ", decisions.stream().map(d -> "\"" + d + "\"").toList()));
        }
        String written = reply.asText().strip();
        int words = words(written);
        if (words > maxWords) throw new Invalid("the reply has " + words + " words; write at most " + maxWords);
        String lower = written.toLowerCase(Locale.ROOT);
        for (String term : neverReveals) {
            if (!term.isBlank() && lower.contains(term.toLowerCase(Locale.ROOT))) {
                throw new Invalid("the reply mentions \"" + term + "\", which you must never reveal; leave it out entirely");
            }
        }
        return new StakeholderReply(written, decision.asText());
    }

    /** Words as a reader counts them: runs of non-space characters. */
    static int words(String text) {
        String s = text.strip();
        return s.isEmpty() ? 0 : s.split("\\s+").length;
    }

    private static String unfence(String text) {
        if (!text.startsWith("```")) return text;
        int firstLineEnd = text.indexOf('\n');
        if (firstLineEnd < 0 || !text.endsWith("```") || text.length() < firstLineEnd + 4) return text;
        return text.substring(firstLineEnd + 1, text.length() - 3).strip();
    }
}
