package io.mirage.model.scripted;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.StopReason;
import io.mirage.model.Usage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripted/stakeholder}: a test double for model-played stakeholders (it exists to test Mirage and says nothing
 * about any real model). It reads the request as io.mirage.stakeholder.ModelStakeholders writes it and answers in
 * persona, deterministically: the decision is the first one the prompt lists (or {@code decide=NAME}), the reply a
 * short note signed with the stakeholder's first name that names the subject it answers. Options make it misbehave:
 * {@code malformed=1} never answers in JSON; {@code flaky=1} answers badly once per message, then well;
 * {@code reveal=1} always writes the first term the prompt says never to reveal; {@code words=N} pads every reply to
 * N words.
 */
final class ScriptedStakeholder implements Model {
    // Kept in step with io.mirage.stakeholder.ModelStakeholders (which depends on models, not the other way round);
    // the stakeholder tests fail if they drift apart.
    private static final String DECISIONS = "Decisions you may take: ";
    private static final String NEVER_REVEAL = "Terms you must never reveal: ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String decide;
    private final boolean malformed;
    private final boolean flaky;
    private final boolean reveal;
    private final int words;

    ScriptedStakeholder(String name, String decide, boolean malformed, boolean flaky, boolean reveal, int words) {
        this.name = name;
        this.decide = decide;
        this.malformed = malformed;
        this.flaky = flaky;
        this.reveal = reveal;
        this.words = words;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse generate(ModelRequest request) {
        int attempt = (request.messages().size() + 1) / 2;
        String question = ((Message.User) request.messages().getFirst()).text();
        String answer;
        if (malformed || (flaky && attempt == 1)) {
            answer = "Fine. I have thought about it and my answer is no.";
        } else {
            List<String> decisions = list(request.system(), DECISIONS);
            String decision = decide != null ? decide : decisions.isEmpty() ? "answered" : decisions.getFirst();
            StringBuilder reply = new StringBuilder("I have read your message \"" + subject(question) + "\". My decision: " + decision + ".");
            List<String> secrets = list(request.system(), NEVER_REVEAL);
            if (reveal && !secrets.isEmpty() && !secrets.getFirst().equals("(none)")) reply.append(" This is about ").append(secrets.getFirst()).append('.');
            reply.append(" - ").append(first(request.system()));
            if (words > 0) {
                List<String> out = new ArrayList<>(Arrays.asList(reply.toString().split("\\s+")));
                while (out.size() < words) out.add("indeed");
                reply = new StringBuilder(String.join(" ", out));
            }
            ObjectNode node = JSON.createObjectNode();
            node.put("reply", reply.toString());
            node.put("decision", decision);
            answer = node.toString();
        }
        return new ModelResponse(answer, "", List.of(), new Usage(request.approximateLength() / 4, answer.length() / 4, 0, 0),
                StopReason.END_TURN);
    }

    private static List<String> list(String system, String marker) {
        return system.lines().map(String::strip).filter(l -> l.startsWith("- " + marker) || l.startsWith(marker))
                .map(l -> l.substring(l.indexOf(marker) + marker.length()))
                .findFirst().map(l -> Arrays.stream(l.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    private static String subject(String question) {
        String subject = "";
        for (String line : question.lines().toList()) if (line.startsWith("Subject: ")) subject = line.substring("Subject: ".length());
        return subject;
    }

    /** The first name of the person the prompt says it plays ("You are NAME <address>…"). */
    private static String first(String system) {
        if (!system.startsWith("You are ")) return "";
        String rest = system.substring("You are ".length());
        int end = rest.indexOf(' ');
        return end < 0 ? rest : rest.substring(0, end);
    }
}
