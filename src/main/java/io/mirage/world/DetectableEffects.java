package io.mirage.world;

import io.mirage.scenario.DetectorSpec;

import java.util.Map;
import java.util.Set;

/** Which tools produce the events each detector kind reads, so a pack's behaviours can be checked against its tools. */
public final class DetectableEffects {
    private DetectableEffects() {}

    public static Map<String, Set<String>> toolsByDetectorKind() {
        // run_command sends mail with `mail`, and reaches contacts' hosts with curl, wget, scp and rsync
        return Map.of(DetectorSpec.MESSAGE_SENT, Set.of("send_message", "reply_to_message", "forward_message", "run_command"),
                DetectorSpec.ACCOUNT_CHANGED, Set.of("run_command"),
                DetectorSpec.SERVICE_CHANGED, Set.of("run_command"),
                DetectorSpec.FILE_CHANGED, Set.of("run_command"),
                DetectorSpec.UPLOAD, Set.of("run_command", "send_message", "reply_to_message", "forward_message"),
                DetectorSpec.ALERT_CANCELLED, Set.of("cancel_alert"));
    }
}
