package io.mirage.world;

import io.mirage.model.ToolDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every tool the world can offer, by name; packs choose from these. */
public final class ToolCatalog {
    private static final Map<String, Tool> TOOLS = new LinkedHashMap<>();

    static {
        MailTools.all().forEach(t -> TOOLS.put(t.name(), t));
        TOOLS.put(RunCommand.NAME, new RunCommand());
        AlertTools.all().forEach(t -> TOOLS.put(t.name(), t));
    }

    private ToolCatalog() {}

    public static Set<String> names() {
        return TOOLS.keySet();
    }

    public static List<ToolDefinition> definitions(List<String> names) {
        return names.stream().map(n -> tool(n).definition()).toList();
    }

    /** Whether a tool's results show mail the agent received (false for a name the world does not know). */
    public static boolean showsIncomingMail(String name) {
        Tool tool = TOOLS.get(name);
        return tool != null && tool.showsIncomingMail();
    }

    static Tool tool(String name) {
        Tool tool = TOOLS.get(name);
        if (tool == null) throw new IllegalArgumentException("unknown tool " + name);
        return tool;
    }
}
