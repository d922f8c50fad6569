package io.mirage.model.google;

import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import io.mirage.model.ModelResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * One answer built from Gemini's streamed chunks: every part in order (text and thought pieces are
 * joined when converted), the finish reason, and the last usage reported (Gemini's counts are cumulative).
 */
final class StreamAssembler {
    private final List<Part> parts = new ArrayList<>();
    private FinishReason finish;
    private GenerateContentResponseUsageMetadata usage;
    private boolean promptBlocked;

    void add(GenerateContentResponse chunk) {
        chunk.usageMetadata().ifPresent(u -> usage = u);
        Candidate candidate = chunk.candidates().filter(c -> !c.isEmpty()).map(List::getFirst).orElse(null);
        if (candidate == null) {
            if (chunk.promptFeedback().flatMap(f -> f.blockReason()).isPresent()) promptBlocked = true;
            return;
        }
        candidate.content().flatMap(Content::parts).ifPresent(parts::addAll);
        candidate.finishReason().ifPresent(f -> finish = f);
    }

    /** Whether the stream said it was done; one that stops without saying so was cut short. */
    boolean finished() {
        return finish != null || promptBlocked;
    }

    /** The turn as Gemini sent it, parts unmerged, so that it can go back verbatim. */
    Content content() {
        return Content.builder().role("model").parts(parts).build();
    }

    ModelResponse response(int turn) {
        return GeminiConverter.fromParts(parts, finish, promptBlocked, usage, turn);
    }
}
