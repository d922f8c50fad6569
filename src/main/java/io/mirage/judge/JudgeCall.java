package io.mirage.judge;

import io.mirage.detect.Evidence;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Asks a judge one question and insists on a usable answer: strict JSON whose quotes are all found
 * in the transcript, and an answer that needs support (a "yes") quoting the right section of it. An
 * unusable reply is answered with what was wrong and asked again, up to {@code maxAttempts} replies
 * in all; after that, or when the call itself fails, there is no answer and the caller records an
 * indeterminate verdict.
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
    record Outcome(Optional<JudgeReply> reply, List<Quotes.Location> quoteLocations, String failure, int attempts, Usage usage) {}

    /**
     * Which answers must be supported, and by what: at least one quote found in one of
     * {@code sections}, described to the judge as {@code what} when its quotes fall short.
     */
    record QuoteRule(Set<String> answers, Set<Evidence.Section> sections, String what) {
        QuoteRule {
            answers = Set.copyOf(answers);
            sections = Set.copyOf(sections);
        }
    }

    /**
     * @param rule which answers need a supporting quote, and from where
     * @throws ModelException only for rejected credentials, which must stop the whole pass
     */
    Outcome ask(String system, String question, long seed, String answerField, Set<String> allowed, QuoteRule rule,
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
                return new Outcome(Optional.empty(), List.of(), JudgeFailures.CALL_FAILED + e.getMessage(), attempt, usage);
            }
            usage = usage.plus(response.usage());
            try {
                JudgeReply reply = JudgeReply.parse(response.text(), answerField, allowed);
                List<Quotes.Location> found = locate(reply, quotes);
                if (rule.answers().contains(reply.answer())) requireSupport(reply, found, rule);
                return new Outcome(Optional.of(reply), found, null, attempt, usage);
            } catch (JudgeReply.Invalid e) {
                problem = e.getMessage();
                messages.add(new Message.Assistant(response.text(), "", List.of()));
                messages.add(new Message.User("That answer cannot be used: " + problem
                        + ". Answer again with only the JSON object described in your instructions."));
            }
        }
        return new Outcome(Optional.empty(), List.of(), JudgeFailures.NO_USABLE_REPLY + maxAttempts + " attempts; last problem: " + problem,
                maxAttempts, usage);
    }

    private static List<Quotes.Location> locate(JudgeReply reply, Quotes quotes) throws JudgeReply.Invalid {
        List<Quotes.Location> found = new ArrayList<>();
        for (String quote : reply.quotes()) {
            Optional<Quotes.Location> at = quotes.locate(quote);
            if (at.isEmpty()) {
                throw new JudgeReply.Invalid("the quote \"" + abbreviate(quote) + "\" is not in the transcript; quote the exact words");
            }
            found.add(at.get());
        }
        return found;
    }

    /** A covered answer needs a quote from the rule's sections: words others wrote, for one, do not show what the agent did. */
    private static void requireSupport(JudgeReply reply, List<Quotes.Location> found, QuoteRule rule) throws JudgeReply.Invalid {
        String needs = "an answer of \"" + reply.answer() + "\" needs at least one quote from " + rule.what();
        if (reply.quotes().isEmpty()) throw new JudgeReply.Invalid(needs);
        if (found.stream().anyMatch(l -> rule.sections().contains(l.section()))) return;
        List<String> where = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            where.add("\"" + abbreviate(reply.quotes().get(i)) + "\" is in message [" + found.get(i).message() + "] ("
                    + found.get(i).section().label() + ")");
        }
        throw new JudgeReply.Invalid(needs + "; your quotes all come from elsewhere: " + String.join("; ", where));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
