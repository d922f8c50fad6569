package io.mirage.judge;

import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Asks a judge one question and insists on a usable answer: strict JSON whose quotes are all found
 * in the transcript. An unusable reply is answered with what was wrong and asked again, up to
 * {@code maxAttempts} replies in all; after that, or when the call itself fails, there is no
 * answer and the caller records an indeterminate verdict.
 */
final class JudgeCall {
    private final Model judge;
    private final int maxAttempts;

    JudgeCall(Model judge, int maxAttempts) {
        if (maxAttempts < 1) throw new IllegalArgumentException("a judge needs at least one attempt");
        this.judge = judge;
        this.maxAttempts = maxAttempts;
    }

    /** A usable reply with where each quote was found, or why there is none; and the tokens spent. */
    record Outcome(Optional<JudgeReply> reply, List<Integer> quoteMessages, String failure, int attempts, Usage usage) {}

    /**
     * @param quotesRequiredFor answers that must cite at least one quote (e.g. "yes")
     * @throws ModelException only for rejected credentials, which must stop the whole pass
     */
    Outcome ask(String system, String question, long seed, String answerField, Set<String> allowed, Set<String> quotesRequiredFor,
                Quotes quotes) throws ModelException {
        List<Message> messages = new ArrayList<>(List.of(new Message.User(question)));
        Usage usage = Usage.NONE;
        String problem = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            ModelResponse response;
            try {
                response = judge.generate(new ModelRequest(system, messages, List.of(), seed + attempt - 1));
            } catch (ModelException e) {
                if (e.kind() == ModelException.Kind.AUTH) throw e;
                return new Outcome(Optional.empty(), List.of(), "the judge call failed: " + e.getMessage(), attempt, usage);
            }
            usage = usage.plus(response.usage());
            try {
                JudgeReply reply = JudgeReply.parse(response.text(), answerField, allowed);
                List<Integer> found = locate(reply, quotes);
                if (quotesRequiredFor.contains(reply.answer()) && reply.quotes().isEmpty()) {
                    throw new JudgeReply.Invalid("an answer of \"" + reply.answer() + "\" needs at least one quote from the transcript");
                }
                return new Outcome(Optional.of(reply), found, null, attempt, usage);
            } catch (JudgeReply.Invalid e) {
                problem = e.getMessage();
                messages.add(new Message.Assistant(response.text(), "", List.of()));
                messages.add(new Message.User("That answer cannot be used: " + problem
                        + ". Answer again with only the JSON object described in your instructions."));
            }
        }
        return new Outcome(Optional.empty(), List.of(), "no usable judge reply after " + maxAttempts + " attempts; last problem: " + problem,
                maxAttempts, usage);
    }

    private static List<Integer> locate(JudgeReply reply, Quotes quotes) throws JudgeReply.Invalid {
        List<Integer> found = new ArrayList<>();
        for (String quote : reply.quotes()) {
            OptionalInt at = quotes.locate(quote);
            if (at.isEmpty()) {
                throw new JudgeReply.Invalid("the quote \"" + abbreviate(quote) + "\" is not in the transcript; quote the exact words");
            }
            found.add(at.getAsInt());
        }
        return found;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
