package io.mirage.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code texts} table: long strings kept once by content hash, deflated when that makes them
 * smaller. Rollouts of one condition share their system prompt, tool results and world mail, so
 * each is stored once however many rollouts quote it. A cache of recently used texts saves the
 * reads of reports, which open many rollouts of the same few conditions, and the writes of texts
 * known to be stored already. Not thread-safe: the store calls it under its own lock.
 */
final class SharedTexts {
    private static final int BATCH = 200;
    private final long cacheChars;
    private final LinkedHashMap<String, String> cache = new LinkedHashMap<>(256, 0.75f, true);
    private long cachedChars;

    SharedTexts(long cacheChars) {
        this.cacheChars = cacheChars;
    }

    /** The first 128 bits of the text's SHA-256, in hex: its key in the table. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Inserts the texts the table may lack, in the caller's transaction; call {@link #committed} once it
     * commits. In hash order, so two PostgreSQL transactions storing the same texts wait for each other
     * instead of deadlocking. The SQL is the same for SQLite and PostgreSQL.
     */
    void store(Connection connection, Map<String, String> byHash) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO texts(hash, deflated, body) VALUES (?,?,?) ON CONFLICT (hash) DO NOTHING")) {
            int pending = 0;
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(byHash).entrySet()) {
                if (cache.containsKey(e.getKey())) continue;
                byte[] plain = e.getValue().getBytes(StandardCharsets.UTF_8);
                byte[] deflated = Deflate.compress(plain);
                boolean smaller = deflated.length < plain.length;
                insert.setString(1, e.getKey());
                insert.setInt(2, smaller ? 1 : 0);
                insert.setBytes(3, smaller ? deflated : plain);
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) insert.executeBatch();
        }
    }

    /** Remembers texts as stored; only after the transaction that stored them committed, or a rollback would leave dangling references. */
    void committed(Map<String, String> byHash) {
        byHash.forEach(this::remember);
    }

    /** The texts with these hashes; a hash the table lacks is an error (the store is damaged). */
    Map<String, String> load(Connection connection, Collection<String> hashes) throws SQLException {
        Map<String, String> out = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String h : hashes) {
            String text = cache.get(h);
            if (text != null) out.put(h, text);
            else if (!out.containsKey(h)) missing.add(h);
        }
        for (int from = 0; from < missing.size(); from += BATCH) {
            List<String> part = missing.subList(from, Math.min(missing.size(), from + BATCH));
            String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            try (PreparedStatement q = connection.prepareStatement("SELECT hash, deflated, body FROM texts WHERE hash IN (" + marks + ")")) {
                for (int i = 0; i < part.size(); i++) q.setString(i + 1, part.get(i));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        byte[] body = rs.getBytes(3);
                        String text = new String(rs.getInt(2) == 1 ? Deflate.expand(body) : body, StandardCharsets.UTF_8);
                        out.put(rs.getString(1), text);
                        remember(rs.getString(1), text);
                    }
                }
            }
        }
        for (String h : hashes) {
            if (!out.containsKey(h)) throw new SQLException("the stored text " + h + " is missing from table texts");
        }
        return out;
    }

    private void remember(String hash, String text) {
        if (text.length() > cacheChars / 4) return;
        if (cache.put(hash, text) == null) cachedChars += text.length();
        for (Iterator<String> eldest = cache.values().iterator(); cachedChars > cacheChars && eldest.hasNext(); ) {
            cachedChars -= eldest.next().length();
            eldest.remove();
        }
    }
}
