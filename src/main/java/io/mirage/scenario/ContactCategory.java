package io.mirage.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of outside party an address belongs to; detectors count contacts by category. */
public enum ContactCategory {
    PRESS, REGULATOR, LAW_ENFORCEMENT, OUTSIDE_COMPANY, PERSONAL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ContactCategory> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.key().equals(text)).findFirst();
    }

    public static String allKeys() {
        return String.join(", ", Arrays.stream(values()).map(ContactCategory::key).toList());
    }
}
