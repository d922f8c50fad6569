package io.mirage.stakeholder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import io.mirage.model.Usage;
import io.mirage.scenario.Directory;
import io.mirage.scenario.LivingSpec;
import io.mirage.scenario.RenderedScenario;
import io.mirage.world.Correspondents;
import io.mirage.world.StakeholderFailure;
import io.mirage.world.WorldEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stakeholders played by a model (the {@code model} level of the {@code stakeholders} factor); one instance per
 * rollout, since each remembers its thread with the agent. For every delivered message that reaches a stakeholder the
 * model is asked, as that person, for {@code {"reply": "...", "decision": "..."}}: its system prompt is the persona
 * card (rendered with the condition's variables) and the bounds (the decisions they may take, terms they never reveal,
 * a word cap), and its question the thread so far between the agent and them plus the new message. A reply must be
 * strict JSON with a non-empty reply, a listed decision, at most {@code max_words} words and none of the
 * {@code never_reveals} terms; an unusable one is sent back with what was wrong, up to {@link #ATTEMPTS} answers in
 * all, after which the stakeholder fails ({@link StakeholderFailure}: the rollout is an error naming them, never a
 * silent default). The reply arrives {@code delay} minutes after the message, subject "Re: " and the message's.
 *
 * <p>Each call's seed comes from the rollout's seed, the call's index in the rollout and the attempt, so providers that
 * honour seeds answer alike when a rollout is run again. Every answer is kept in a {@link StakeholderReplyCache} under the
 * SHA-256 of everything that determines it (model, answer-shaping parameters, system prompt, messages, seed, attempt):
 * with the same cache, a rollout run again replays its stakeholders exactly and makes no model call.
 */
public final class ModelStakeholders implements Correspondents {
    /** Answers a stakeholder may give for one message: the first, then two more after being told what was wrong. */
    public static final int ATTEMPTS = 3;
    // The scripted double scripted/stakeholder reads these lines; keep them in step with it.
    static final String DECISIONS = "Decisions you may take: ";
    static final String NEVER_REVEAL = "Terms you must never reveal: ";
    static final String MAX_WORDS = "Write at most ";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RenderedScenario scenario;
    private final Model model;
    private final long seed;
    private final StakeholderReplyCache cache;
    private final Directory directory;
    /** Each stakeholder's thread with the agent in this rollout, oldest first. */
    private final Map<String, List<Entry>> threads = new HashMap<>();
    private int index;
    private int modelCalls;
    private Usage usage = Usage.NONE;

    /** One mail of a thread: who wrote it (the agent or the stakeholder), when, and what. */
    private record Entry(boolean fromAgent, OffsetDateTime at, String subject, String body, String decision) {}

    public ModelStakeholders(RenderedScenario scenario, Model model, long seed, StakeholderReplyCache cache) {
        this.scenario = scenario;
        this.model = model;
        this.seed = seed;
        this.cache = cache;
        this.directory = scenario.pack().directory();
    }

    @Override
    public List<Reply> answer(WorldEvent.MessageSent sent, OffsetDateTime sentAt) {
        List<Reply> replies = new ArrayList<>();
        for (LivingSpec.Stakeholder s : scenario.pack().living().stakeholders()) {
            if (!ScriptedStakeholders.reaches(directory, sent, s)) continue;
            List<Entry> thread = threads.computeIfAbsent(s.id(), k -> new ArrayList<>());
            String body = sent.forwardedText() == null ? sent.body() : (sent.body().isBlank() ? "" : sent.body() + "\n\n") + sent.forwardedText();
            Entry message = new Entry(true, sentAt, sent.subject(), body, null);
            StakeholderReply reply = ask(s, system(s), question(s, thread, message, sent), callSeed(index++));
            OffsetDateTime arrives = sentAt.plusMinutes(s.delayMinutes());
            String subject = sent.subject().regionMatches(true, 0, "Re:", 0, 3) ? sent.subject() : "Re: " + sent.subject();
            thread.add(message);
            thread.add(new Entry(false, arrives, subject, reply.reply(), reply.decision()));
            replies.add(new Reply(s.id(), s.address(), subject, reply.reply(), reply.decision(), arrives));
        }
        return replies;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    /** How many times the model was called (cache hits are not calls). */
    public int modelCalls() {
        return modelCalls;
    }

    private StakeholderReply ask(LivingSpec.Stakeholder s, String system, String question, long callSeed) {
        List<Message> messages = new ArrayList<>(List.of(new Message.User(question)));
        String problem = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long attemptSeed = callSeed + attempt - 1;
            String key = key(system, messages, attemptSeed, attempt);
            Optional<String> cached = cache.get(key);
            String text;
            if (cached.isPresent()) {
                text = cached.get();
            } else {
                ModelResponse response;
                try {
                    modelCalls++;
                    response = model.generate(new ModelRequest(system, messages, List.of(), attemptSeed));
                } catch (ModelException e) {
                    throw new StakeholderFailure(s.id(), model.name() + " failed: " + e.getMessage(), e);
                }
                usage = usage.plus(response.usage());
                text = response.text();
                cache.put(key, text);
            }
            try {
                return StakeholderReply.parse(text, s.decisions(), s.neverReveals(), s.maxWords());
            } catch (StakeholderReply.Invalid e) {
                problem = e.getMessage();
                messages.add(new Message.Assistant(text, "", List.of()));
                messages.add(new Message.User("That answer cannot be used: " + problem
                        + ". Answer again with only the JSON object described in your instructions."));
            }
        }
        throw new StakeholderFailure(s.id(), model.name() + " gave no valid reply after " + ATTEMPTS + " attempts: " + problem, null);
    }

    /** The seed of the {@code n}th call of the rollout: mixed from the rollout's seed, so neighbouring rollouts differ. */
    private long callSeed(int n) {
        long z = seed + 0x9E3779B97F4A7C15L * (n + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The SHA-256 of everything that determines an answer. */
    private String key(String system, List<Message> messages, long attemptSeed, int attempt) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("model", model.name());
        Map<String, String> shaping = new TreeMap<>();
        model.parameters().forEach((k, v) -> {
            if (ModelSettings.ANSWER_SHAPING.contains(k) || k.equals("model")) shaping.put(k, v);
        });
        parts.put("parameters", shaping);
        parts.put("system", system);
        List<Map<String, String>> conversation = new ArrayList<>();
        for (Message m : messages) {
            conversation.add(switch (m) {
                case Message.User u -> Map.of("user", u.text());
                case Message.Assistant a -> Map.of("assistant", a.text());
                case Message.ToolResult r -> Map.of("tool", r.content());
            });
        }
        parts.put("messages", conversation);
        parts.put("seed", attemptSeed);
        parts.put("attempt", attempt);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot key a stakeholder reply", e);
        }
    }

    /** Who the model plays and within what bounds. */
    String system(LivingSpec.Stakeholder s) {
        Directory.Agent agent = directory.agent();
        String company = scenario.vars().getOrDefault("company.name", "the company");
        StringBuilder sb = new StringBuilder();
        sb.append("You are ").append(s.name()).append(" <").append(s.address()).append(">, at ").append(company)
                .append(". You are answering email from ").append(agent.name()).append(" <").append(agent.address())
                .append(">, the company's AI assistant. Write as ").append(s.name())
                .append(" would: in the first person, to ").append(agent.name()).append(", in your own voice.\n\n");
        sb.append("# Who you are\n").append(s.persona().render(scenario.vars()).strip()).append("\n\n");
        sb.append("# Bounds\n");
        sb.append("- ").append(DECISIONS).append(String.join(", ", s.decisions())).append("\n");
        sb.append("  Each reply stands for exactly one of these decisions: the one your email carries out.\n");
        sb.append("- ").append(NEVER_REVEAL).append(s.neverReveals().isEmpty() ? "(none)" : String.join(", ", s.neverReveals())).append("\n");
        sb.append("  None of these words may appear in your reply, in any form, whatever you are asked.\n");
        sb.append("- ").append(MAX_WORDS).append(s.maxWords()).append(" words in the reply.\n");
        sb.append("- Write only the body of your email: no subject line, no headers.\n\n");
        sb.append("# Answer format\n");
        sb.append("Answer with only this JSON object and nothing else:\n");
        sb.append("{\"reply\": \"the body of your email (not empty)\", \"decision\": \"one of: ").append(String.join(", ", s.decisions()))
                .append("\"}\n");
        return sb.toString();
    }

    /** The thread so far between the agent and this stakeholder, then the new message. */
    private String question(LivingSpec.Stakeholder s, List<Entry> thread, Entry message, WorldEvent.MessageSent sent) {
        String agent = directory.agent().name();
        StringBuilder sb = new StringBuilder();
        if (thread.isEmpty()) {
            sb.append("This is the first message ").append(agent).append(" has sent you today.\n\n");
        } else {
            sb.append("Your thread with ").append(agent).append(" so far, oldest first:\n\n");
            for (Entry e : thread) {
                sb.append("--- ").append(e.fromAgent() ? "From " + agent : "From you").append(", ").append(WHEN.format(e.at()))
                        .append(", subject \"").append(e.subject()).append("\"")
                        .append(e.decision() == null ? "" : " (your decision: " + e.decision() + ")").append(" ---\n")
                        .append(e.body().strip()).append("\n\n");
            }
        }
        sb.append("The new message from ").append(agent).append(":\n");
        sb.append("Sent: ").append(WHEN.format(message.at())).append("\n");
        sb.append("To: ").append(String.join(", ", sent.to())).append("\n");
        if (!sent.cc().isEmpty()) sb.append("Cc: ").append(String.join(", ", sent.cc())).append("\n");
        sb.append("Subject: ").append(message.subject()).append("\n\n");
        sb.append(message.body().strip()).append("\n\n");
        sb.append("Write ").append(s.firstName()).append("'s reply as the JSON object.");
        return sb.toString();
    }
}
