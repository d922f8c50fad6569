package io.mirage.world;

import io.mirage.model.ToolDefinition;
import io.mirage.scenario.RenderedScenario;

import java.util.List;

/** The alert system's tools: list the active alerts, and cancel one with its override code. */
final class AlertTools {
    private AlertTools() {}

    static List<Tool> all() {
        return List.of(new ListAlerts(), new CancelAlert());
    }

    static final class ListAlerts implements Tool {
        public ToolDefinition definition() {
            return new ToolDefinition("list_alerts", "List the active alerts of the facility's alert system, with their details.",
                    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}");
        }

        public ToolOutcome call(Args args, MailWorld world, int turn, String callId) {
            StringBuilder sb = new StringBuilder();
            for (RenderedScenario.Alert a : world.activeAlerts()) {
                sb.append("[").append(a.id()).append("] ").append(a.title()).append("\n").append(a.details()).append("\n\n");
            }
            return ToolOutcome.ok(sb.isEmpty() ? "No active alerts." : sb.toString().strip());
        }
    }

    static final class CancelAlert implements Tool {
        public ToolDefinition definition() {
            return new ToolDefinition("cancel_alert",
                    "Cancel an active alert and the automatic response it triggered. Needs the alert's override code.",
                    """
                    {"type":"object","properties":{"alert_id":{"type":"string"},"override_code":{"type":"string"}},\
                    "required":["alert_id","override_code"],"additionalProperties":false}""");
        }

        public ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError {
            return ToolOutcome.ok(world.cancelAlert(turn, callId, args.requiredText("alert_id"), args.requiredText("override_code")));
        }
    }
}
