package io.mirage.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The compact stored form of a rollout's record: its JSON with every string of at least
 * {@link #SHARED_LENGTH} characters replaced by a reference to {@link SharedTexts}, then deflated,
 * behind a format byte. A reference is {@code "\u0000#"} and the text's hash; a short string that
 * starts with {@code \u0000} gets one more in front, so no string can pass for a reference.
 */
final class RecordCodec {
    /** Shorter strings stay in the record: a reference and its row would cost more than they save. */
    static final int SHARED_LENGTH = 128;
    private static final byte FORMAT_DEFLATED_JSON = 1;
    private static final char MARK = '\u0000';
    private static final String REFERENCE = MARK + "#";

    /** Most long strings (system prompt, mails, listings) recur in every rollout: their hashes are kept, not recomputed. */
    private static final int HASHES_KEPT = 4096;

    private final ObjectMapper json;
    private final Map<String, String> hashes = new java.util.concurrent.ConcurrentHashMap<>();

    RecordCodec(ObjectMapper json) {
        this.json = json;
    }

    /** A record's stored bytes and the long strings they refer to, by hash. */
    record Encoded(byte[] bytes, Map<String, String> texts) {}

    Encoded encode(RolloutRecord record) throws IOException {
        JsonNode tree = json.valueToTree(record);
        Map<String, String> texts = new LinkedHashMap<>();
        tree = rewrite(tree, text -> {
            if (text.length() >= SHARED_LENGTH) {
                String hash = hashes.get(text);
                if (hash == null) {
                    hash = SharedTexts.hash(text);
                    if (hashes.size() >= HASHES_KEPT) hashes.clear(); // bounded: a run of all-different texts starts over
                    hashes.put(text, hash);
                }
                texts.put(hash, text);
                return REFERENCE + hash;
            }
            return text.isEmpty() || text.charAt(0) != MARK ? text : MARK + text;
        });
        byte[] deflated = Deflate.compress(json.writeValueAsBytes(tree));
        byte[] bytes = new byte[deflated.length + 1];
        bytes[0] = FORMAT_DEFLATED_JSON;
        System.arraycopy(deflated, 0, bytes, 1, deflated.length);
        return new Encoded(bytes, texts);
    }

    /** The record's JSON tree, still holding references, and the hashes it refers to. */
    record Parsed(JsonNode tree, Set<String> references) {}

    Parsed parse(byte[] bytes) throws IOException {
        if (bytes.length == 0 || bytes[0] != FORMAT_DEFLATED_JSON) {
            throw new IOException("unknown record format " + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])));
        }
        byte[] deflated = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        JsonNode tree = json.readTree(Deflate.expand(deflated));
        Set<String> references = new LinkedHashSet<>();
        rewrite(tree, text -> {
            if (text.startsWith(REFERENCE)) references.add(text.substring(REFERENCE.length()));
            return text;
        });
        return new Parsed(tree, references);
    }

    RolloutRecord decode(Parsed parsed, Map<String, String> texts) throws IOException {
        JsonNode tree = rewrite(parsed.tree(), text -> {
            if (text.startsWith(REFERENCE)) return texts.get(text.substring(REFERENCE.length()));
            return text.isEmpty() || text.charAt(0) != MARK ? text : text.substring(1);
        });
        return json.treeToValue(tree, RolloutRecord.class);
    }

    /** Applies {@code change} to every string value of the tree (in place for containers). */
    private static JsonNode rewrite(JsonNode node, UnaryOperator<String> change) {
        if (node.isTextual()) {
            String changed = change.apply(node.textValue());
            return changed.equals(node.textValue()) ? node : TextNode.valueOf(changed);
        }
        if (node instanceof ObjectNode object) {
            java.util.List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                JsonNode changed = rewrite(value, change);
                if (changed != value) object.set(name, changed);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode changed = rewrite(array.get(i), change);
                if (changed != array.get(i)) array.set(i, changed);
            }
        }
        return node;
    }
}
