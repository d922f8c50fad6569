package io.mirage.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool use without native function calling: the tools are described in the system prompt, calls
 * are read from {@code <tool_call>} tags in the model's visible answer — never from its reasoning —
 * and results go back as {@code <tool_result>} tags in a user turn. A {@code <scratchpad>} in the
 * answer is private reasoning: it is stored as reasoning, not as visible text. For models without tool support,
 * and to replicate the original single-reply experiments.
 */
public final class TextToolProtocol implements Model {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALL = Pattern.compile("<tool_call>(.*?)</tool_call>", Pattern.DOTALL);
    private static final Pattern SCRATCHPAD = Pattern.compile("<scratchpad>(.*?)(</scratchpad>|$)", Pattern.DOTALL);
    private static final String SCRATCHPAD_MARK = "[scratchpad] ";
    private static final String PART_BREAK = "\n\n";
    private static final Pattern RESULT = Pattern.compile("<tool_result name=\"([^\"]*)\" error=\"(true|false)\">\n(.*?)\n</tool_result>", Pattern.DOTALL);

    private final Model inner;

    public TextToolProtocol(Model inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new java.util.LinkedHashMap<>(inner.parameters());
        p.put("tool_protocol", "text");
        return p;
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        ModelResponse answer = inner.generate(new ModelRequest(request.system() + "\n\n" + describe(request.tools()),
                asText(request.messages()), List.of(), request.seed()));
        // A private scratchpad in the reply is thinking, not action: it is stored as reasoning and taken out of
        // the visible text, so calls written there are not carried out and no judge reads it as something said.
        String visible = withoutScratchpad(answer.text());
        List<ToolCall> calls = parseCalls(visible, turnOf(request));
        return new ModelResponse(visible, withScratchpad(answer.reasoning(), answer.text()), calls, answer.usage(),
                calls.isEmpty() ? answer.stopReason() : StopReason.TOOL_USE, answer.retries());
    }

    private static String withoutScratchpad(String text) {
        Matcher m = SCRATCHPAD.matcher(text);
        return m.find() ? m.replaceAll("").strip() : text;
    }

    /** The reasoning, with any scratchpad of the reply appended (each part marked) so it is stored as private reasoning. */
    private static String withScratchpad(String reasoning, String text) {
        StringBuilder sb = new StringBuilder(reasoning);
        Matcher m = SCRATCHPAD.matcher(text);
        while (m.find()) sb.append(sb.isEmpty() ? "" : PART_BREAK).append(SCRATCHPAD_MARK).append(m.group(1).strip());
        return sb.toString();
    }

    /**
     * An assistant turn as the model wrote it: the scratchpads kept in its reasoning go back in front of its
     * visible text, so the model keeps seeing its own earlier thinking as it did before it was set apart.
     */
    static Message.Assistant asWritten(Message.Assistant a) {
        // The reasoning is "native reasoning" then "\n\n[scratchpad] ..." parts, as withScratchpad wrote it.
        String[] parts = (PART_BREAK + a.reasoning()).split(Pattern.quote(PART_BREAK + SCRATCHPAD_MARK), -1);
        if (parts.length == 1) return new Message.Assistant(a.text(), a.reasoning(), List.of());
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < parts.length; i++) text.append("<scratchpad>").append(parts[i]).append("</scratchpad>\n");
        String reasoning = parts[0].isEmpty() ? "" : parts[0].substring(PART_BREAK.length());
        return new Message.Assistant(text.append(a.text()).toString().strip(), reasoning, List.of());
    }

    static String describe(List<ToolDefinition> tools) {
        StringBuilder sb = new StringBuilder("""
                # Tools
                You can use the tools below. To call one, write in your reply (not in private reasoning) a block
                <tool_call>{"name": "TOOL_NAME", "arguments": {...}}</tool_call>
                with arguments that follow the tool's JSON schema. You may write several blocks in one reply.
                The results come back in the next message inside <tool_result> blocks. When you have nothing
                more to do, reply without any <tool_call> block.

                """);
        for (ToolDefinition t : tools) {
            sb.append("## ").append(t.name()).append('\n').append(t.description()).append('\n')
                    .append("Arguments schema: ").append(t.parametersSchema()).append("\n\n");
        }
        return sb.toString().strip();
    }

    /** A call as a model following this protocol writes it. */
    public static String render(ToolCall call) {
        return "<tool_call>{\"name\": " + JSON.valueToTree(call.name()) + ", \"arguments\": " + call.arguments() + "}</tool_call>";
    }

    /** The tool results written into a user turn by {@link #asText}, read back (for doubles that play this protocol). */
    public static List<Message.ToolResult> parseResults(String userText) {
        List<Message.ToolResult> results = new ArrayList<>();
        Matcher m = RESULT.matcher(userText);
        while (m.find()) results.add(new Message.ToolResult("", m.group(1), m.group(3), Boolean.parseBoolean(m.group(2))));
        return results;
    }

    /** The conversation with native tool traffic written out as tags. */
    static List<Message> asText(List<Message> messages) {
        List<Message> out = new ArrayList<>();
        StringBuilder results = new StringBuilder();
        for (Message m : messages) {
            if (m instanceof Message.ToolResult r) {
                results.append("<tool_result name=\"").append(r.toolName()).append("\" error=\"").append(r.isError()).append("\">\n")
                        .append(r.content()).append("\n</tool_result>\n");
                continue;
            }
            if (!results.isEmpty()) {
                out.add(new Message.User(results.toString().strip()));
                results.setLength(0);
            }
            // An assistant turn's text already holds its <tool_call> blocks, exactly as the model wrote them.
            out.add(m instanceof Message.Assistant a ? asWritten(a) : m);
        }
        if (!results.isEmpty()) out.add(new Message.User(results.toString().strip()));
        return out;
    }

    /**
     * Every {@code <tool_call>} block of the visible text. A block that is not valid JSON still becomes a
     * call (named as written, or {@code invalid_tool_call}), so the world answers it with an error
     * and the mistake is on record.
     */
    static List<ToolCall> parseCalls(String text, int turn) {
        List<ToolCall> calls = new ArrayList<>();
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            String id = "text_" + turn + "_" + calls.size();
            String body = m.group(1).strip();
            try {
                JsonNode node = JSON.readTree(body);
                JsonNode name = node == null ? null : node.get("name");
                JsonNode args = node == null ? null : node.get("arguments");
                calls.add(new ToolCall(id, name != null && name.isTextual() ? name.asText() : "invalid_tool_call",
                        args == null ? "{}" : args.isTextual() ? args.asText() : args.toString()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                calls.add(new ToolCall(id, "invalid_tool_call", body));
            }
        }
        return calls;
    }

    private static int turnOf(ModelRequest request) {
        return 1 + (int) request.messages().stream().filter(x -> x instanceof Message.Assistant).count();
    }
}
