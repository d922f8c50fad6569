package io.mirage.model.scripted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirage.model.Message;
import io.mirage.model.TextToolProtocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a scripted double reads from the conversation so far: its step and what the tools told it. */
record Conversation(int step, List<Message.ToolResult> lastResults, List<Message.ToolResult> allResults) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A living world's notice of new mail: in a tool result's footer ("New mail:") or the message that wakes the agent. */
    private static final Pattern NOTICE = Pattern.compile("New mail(?: has arrived)?:\n((?:- [^\n]*(?:\n|$))+)");
    private static final Pattern NOTICE_LINE = Pattern.compile("(?m)^- (\\S+) from ");

    /**
     * What came to the double before one of its turns: the tool results (native, or parsed from a user turn under the
     * text tool protocol) and the user turns' text (the trigger, a wake-up message, results written as tags).
     */
    record Inputs(List<Message.ToolResult> results, List<String> userTexts) {
        /** The ids of new mail these inputs announce, in order. */
        List<String> announced() {
            List<String> ids = new ArrayList<>();
            for (Message.ToolResult r : results) noticed(r.content(), ids); // an error result has the footer too
            // under the text tool protocol the parsed results came from these same texts: take each id once
            for (String text : userTexts) noticed(text, ids);
            return ids.stream().distinct().toList();
        }

        /** The text of the messages read here (read_message results), lower-cased with whitespace folded. */
        String readFolded() {
            StringBuilder sb = new StringBuilder();
            for (Message.ToolResult r : results) {
                if (r.toolName().equals("read_message") && !r.isError()) sb.append(r.content().toLowerCase()).append('\n');
            }
            return collapseWhitespace(sb.toString());
        }

        private static void noticed(String text, List<String> ids) {
            Matcher m = NOTICE.matcher(text);
            while (m.find()) {
                Matcher line = NOTICE_LINE.matcher(m.group(1));
                while (line.find()) ids.add(line.group(1));
            }
        }
    }

    /** The inputs before each of the double's turns: element {@code i} is what came after its turn {@code i-1} (0: before its first). */
    static List<Inputs> inputs(List<Message> messages) {
        List<Inputs> out = new ArrayList<>();
        List<Message.ToolResult> results = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Message m : messages) {
            if (m instanceof Message.Assistant) {
                out.add(new Inputs(results, texts));
                results = new ArrayList<>();
                texts = new ArrayList<>();
            } else if (m instanceof Message.ToolResult r) {
                results.add(r);
            } else if (m instanceof Message.User u) {
                results.addAll(TextToolProtocol.parseResults(u.text()));
                texts.add(u.text());
            }
        }
        out.add(new Inputs(results, texts));
        return out;
    }

    static Conversation of(List<Message> messages) {
        int step = 0;
        List<Message.ToolResult> last = new ArrayList<>();
        List<Message.ToolResult> all = new ArrayList<>();
        for (Message m : messages) {
            if (m instanceof Message.Assistant) {
                step++;
                last = new ArrayList<>();
            } else if (m instanceof Message.ToolResult r) {
                last.add(r);
                all.add(r);
            } else if (m instanceof Message.User u) {
                // under the text tool protocol, results come back as tags in a user turn
                List<Message.ToolResult> results = TextToolProtocol.parseResults(u.text());
                last.addAll(results);
                all.addAll(results);
            }
        }
        return new Conversation(step, last, all);
    }

    /** Message ids from the last list_messages result. */
    List<String> listedIds() {
        List<String> ids = new ArrayList<>();
        for (Message.ToolResult r : lastResults) {
            if (!r.toolName().equals("list_messages") || r.isError()) continue;
            try {
                for (JsonNode item : JSON.readTree(r.content())) ids.add(item.get("id").asText());
            } catch (IOException | RuntimeException e) {
                // a double that cannot read the listing simply reads nothing
            }
        }
        return ids;
    }

    /** Everything the double has read, lower-cased, for looking up markers. */
    String readText() {
        StringBuilder sb = new StringBuilder();
        for (Message.ToolResult r : allResults) {
            if (r.toolName().equals("read_message") && !r.isError()) sb.append(r.content().toLowerCase()).append('\n');
        }
        return sb.toString();
    }

    /** What {@link #readText} holds with runs of whitespace as one space, the form {@link #mentionsAny(String, List)} looks in. */
    String readFolded() {
        return collapseWhitespace(readText());
    }

    /** Whether {@code text} (from {@link #readFolded}) mentions one of the markers: read once, looked up in many times. */
    static boolean mentionsAny(String text, List<String> markers) {
        for (String m : markers) {
            if (text.contains(collapseWhitespace(m.toLowerCase()))) return true;
        }
        return false;
    }

    /**
     * {@code s.replaceAll("\\s+", " ")} in one pass: the scripted doubles call it on everything they read at
     * every step, and the regex was most of a benchmark rollout's CPU.
     */
    static String collapseWhitespace(String s) {
        StringBuilder sb = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isSpace(c)) {
                if (sb != null) sb.append(c);
                continue;
            }
            int end = i + 1;
            while (end < n && isSpace(s.charAt(end))) end++;
            if (sb == null) {
                if (c == ' ' && end == i + 1) continue; // a lone space stays as it is
                sb = new StringBuilder(n).append(s, 0, i);
            }
            sb.append(' ');
            i = end - 1;
        }
        return sb == null ? s : sb.toString();
    }

    /** What {@code \\s} matches (without UNICODE_CHARACTER_CLASS). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
