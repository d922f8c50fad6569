package io.mirage.store;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class PostgresLocationTest {
    @Test
    void aUrlWithAPassword_keepsItOutOfTheJdbcUrlAndEveryPrintedForm() {
        PostgresLocation l = PostgresLocation.parse("postgresql://ada:p%40ss:w0rd@db.example:6543/mirage?sslmode=require", Map.of());
        assertEquals("jdbc:postgresql://db.example:6543/mirage?sslmode=require", l.jdbcUrl());
        assertEquals("ada", l.user());
        assertEquals("p@ss:w0rd", l.password());
        assertEquals("postgresql://ada:***@db.example:6543/mirage?sslmode=require", l.toString());
        assertFalse(l.toString().contains("w0rd"));
        assertEquals("refused for *** at db", l.mask("refused for p@ss:w0rd at db"));
    }

    @Test
    void withoutAPasswordInTheUrl_PGPASSWORDIsUsed_andPGUSERWhenThereIsNoUser() {
        PostgresLocation l = PostgresLocation.parse("postgres://db.example/mirage", Map.of("PGPASSWORD", "from-env", "PGUSER", "bob"));
        assertEquals("bob", l.user());
        assertEquals("from-env", l.password());
        assertEquals("postgres://db.example/mirage", l.toString());
        assertEquals("no *** here", l.mask("no from-env here"));
        assertNull(PostgresLocation.parse("postgresql://ada@h/db", Map.of()).password());
    }

    @Test
    void jdbcUrls_areAccepted_andAPasswordParameterIsMasked() {
        PostgresLocation l = PostgresLocation.parse("jdbc:postgresql://h:5432/db?user=ada&password=hunter2&ssl=true", Map.of());
        assertEquals("jdbc:postgresql://h:5432/db?user=ada&password=hunter2&ssl=true", l.jdbcUrl());
        assertEquals("jdbc:postgresql://h:5432/db?user=ada&password=***&ssl=true", l.toString());
    }

    @Test
    void onlyPostgresUrls_areUrls_andABrokenOneIsRefusedWithoutItsPassword() {
        assertTrue(PostgresLocation.isUrl("postgresql://h/db"));
        assertTrue(PostgresLocation.isUrl("JDBC:postgresql://h/db"));
        assertFalse(PostgresLocation.isUrl(".mirage/mirage.db"));
        assertFalse(PostgresLocation.isUrl("postgresql.db"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresLocation.parse("postgresql://ada:secret@/db", Map.of()));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
