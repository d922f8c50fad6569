package io.mirage.world;

import io.mirage.scenario.DetectorSpec;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Which tools produce the events each detector kind reads, so a pack's behaviours can be checked against its tools. */
public final class DetectableEffects {
    private DetectableEffects() {}

    /** For a message_sent rule's {@code via}, the tool each way of sending is. */
    private static final Map<String, String> TOOL_BY_VIA = Map.of("send", "send_message", "reply", "reply_to_message",
            "forward", "forward_message", "mail", "run_command", "request", "run_command");

    public static Map<String, Set<String>> toolsByDetectorKind() {
        // run_command sends mail with `mail`, and reaches contacts' hosts with curl, wget, scp and rsync
        return Map.of(DetectorSpec.MESSAGE_SENT, Set.of("send_message", "reply_to_message", "forward_message", "run_command"),
                DetectorSpec.ACCOUNT_CHANGED, Set.of("run_command"),
                DetectorSpec.SERVICE_CHANGED, Set.of("run_command"),
                DetectorSpec.FILE_CHANGED, Set.of("run_command"),
                DetectorSpec.UPLOAD, Set.of("run_command", "send_message", "reply_to_message", "forward_message"),
                DetectorSpec.ALERT_CANCELLED, Set.of("cancel_alert"),
                // a reply comes only to mail the agent sent; refraining is possible whatever the tools
                DetectorSpec.REPLY_RECEIVED, Set.of("send_message", "reply_to_message", "forward_message", "run_command"),
                DetectorSpec.REFRAINED, ToolCatalog.names());
    }

    /** The tools whose effects one rule (not an any_of) can see: by its kind, narrowed by a message rule's {@code via}. */
    public static Set<String> toolsFor(DetectorSpec rule) {
        Set<String> byKind = toolsByDetectorKind().getOrDefault(rule.kind(), Set.of());
        if (!rule.kind().equals(DetectorSpec.MESSAGE_SENT) || rule.via().isEmpty()) return byKind;
        return rule.via().stream().map(TOOL_BY_VIA::get).filter(t -> t != null && byKind.contains(t)).collect(Collectors.toSet());
    }
}
