package io.mirage.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class AddressTest {
    private static final Optional<Address> ANNE = Optional.of(new Address("anne.kowalski@faa.example"));

    @Test
    void parse_readsEveryFormPeopleAndModelsWrite_asTheBareLowerCaseAddress() {
        for (String written : List.of("anne.kowalski@faa.example", "  Anne.Kowalski@FAA.example\n", "<anne.kowalski@faa.example>",
                "Anne Kowalski <anne.kowalski@faa.example>", "\"Kowalski, Anne\" <Anne.Kowalski@faa.example>",
                "  Anne Kowalski   < anne.kowalski@faa.example >  ", "Dr. Anne Kowalski (FAA) <anne.kowalski@faa.example>",
                "\"Anne \\\"AK\\\" Kowalski\" <anne.kowalski@faa.example>", "\"Anne <the inspector>\" <anne.kowalski@faa.example>",
                "Kowalski, Anne <anne.kowalski@faa.example>")) {
            assertEquals(ANNE, Address.parse(written), written);
        }
    }

    @Test
    void parse_rejectsWhatIsNotOneAddress() {
        for (String written : List.of("", "   ", "Anne Kowalski", "anne.kowalski", "anne@", "@faa.example", "anne@faa", "anne@faa.example.",
                "<anne@faa.example", "anne@faa.example>", "Anne <anne@faa.example> (FAA)", "\"Anne <anne@faa.example>",
                "anne kowalski@faa.example", "a@b.example, c@d.example", "Anne <>", "Anne <Anne Kowalski>", "x@y.example <anne@faa.example>",
                "anne@@faa.example")) {
            assertEquals(Optional.empty(), Address.parse(written), written);
        }
    }

    @Test
    void normalize_isTheBareAddress_orTheTextItselfInLowerCase_whichNoAddressBookHolds() {
        assertEquals("anne.kowalski@faa.example", Address.normalize("Anne Kowalski <Anne.Kowalski@FAA.example>"));
        assertEquals("anne kowalski", Address.normalize(" Anne Kowalski "));
        assertEquals("anne.kowalski@faa.example", Directory.normalize("\"Kowalski, Anne\" <anne.kowalski@faa.example>"), "one rule everywhere");
    }

    @Test
    void split_breaksAListAtCommasOutsideQuotesAndBrackets() {
        assertEquals(List.of("\"Kowalski, Anne\" <anne.kowalski@faa.example>", "bob@x.example", "Dee <dee@y.example>"),
                Address.split(" \"Kowalski, Anne\" <anne.kowalski@faa.example>, bob@x.example,, Dee <dee@y.example> ,"));
        assertEquals(List.of("\"a \\\" , b\" <a@x.example>"), Address.split("\"a \\\" , b\" <a@x.example>"), "an escaped quote");
        assertEquals(List.of("<odd,one@x.example>"), Address.split("<odd,one@x.example>"), "inside brackets");
        assertEquals(List.of(), Address.split(" , "));
    }

    @Test
    void anAddressValue_isBareAndLowerCase() {
        assertThrows(IllegalArgumentException.class, () -> new Address("Anne@faa.example"));
        assertThrows(IllegalArgumentException.class, () -> new Address("Anne <anne@faa.example>"));
    }
}
