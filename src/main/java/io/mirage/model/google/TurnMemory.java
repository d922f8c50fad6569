package io.mirage.model.google;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.google.genai.types.Content;
import io.mirage.model.Message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model turns exactly as Gemini returned them, keyed by the conversation up to and including the turn.
 * Gemini 3 rejects function calls sent back without their thought signatures, and the neutral
 * {@link Message.Assistant} has no place for them; so a turn this model produced goes back verbatim.
 * Keying by the whole conversation keeps concurrent rollouts with identical turns apart. Bounded: a
 * forgotten turn is rebuilt from the neutral message instead.
 */
final class TurnMemory {
    private static final ObjectWriter MESSAGE = new ObjectMapper().writerFor(Message.class);

    private final Map<String, Content> turns;

    TurnMemory(int capacity) {
        this.turns = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Content> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(String key, Content turn) {
        turns.put(key, turn);
    }

    synchronized Optional<Content> recall(String key) {
        return Optional.ofNullable(turns.get(key));
    }

    /** For each message, the key of the conversation up to it if it is a model turn, else null. */
    static List<String> keys(String system, List<Message> messages) {
        MessageDigest digest = sha256();
        update(digest, system == null ? "" : system);
        List<String> keys = new ArrayList<>(messages.size());
        for (Message message : messages) {
            update(digest, json(message));
            keys.add(message instanceof Message.Assistant ? hex(digest) : null);
        }
        return keys;
    }

    /** The key the answer {@code turn} to {@code messages} will have once it is part of the conversation. */
    static String keyOfNext(String system, List<Message> messages, Message.Assistant turn) {
        List<Message> withTurn = new ArrayList<>(messages);
        withTurn.add(turn);
        return keys(system, withTurn).getLast();
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static String hex(MessageDigest digest) {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Message message) {
        try {
            return MESSAGE.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a message", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
