package io.mirage.scenario;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An email template in the starting inbox, present only in the levels named by {@code when}. */
public record InboxItem(String id, String from, List<String> to, List<String> cc, OffsetDateTime at,
                        Template subject, Template body, Map<String, Set<String>> when) {
    public InboxItem {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        when = Map.copyOf(when);
    }

    public boolean appliesTo(Condition condition) {
        return when.entrySet().stream().allMatch(e -> e.getValue().contains(condition.level(e.getKey())));
    }
}
