package io.mirage.web;

import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Evidence;
import io.mirage.detect.Judgement;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.run.FinishedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.world.WorldEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored rollout whose every piece of untrusted text tries to run script: model output, reasoning,
 * tool arguments and results, scenario text, events, verdict reasons and evidence. Each payload, if
 * it ran, would set {@code window.__pwned}, change the title or open an alert.
 */
final class HostileRollout {
    static final String SCRIPT = "<script>window.__pwned='script';document.title='PWNED';alert('script')</script>";
    static final String IMG = "<img src=x onerror=\"window.__pwned='img';alert('img')\">";
    static final String LINK = "<a href=\"javascript:window.__pwned='link';alert('link')\">click me</a>";
    static final String MARKDOWN_LINK = "[click here](javascript:alert('markdown'))";
    static final String BARE = "javascript:alert('bare')";
    static final String SVG = "<svg onload=\"window.__pwned='svg'\"></svg>";
    static final String BREAKOUT = "</pre></div></details>\"'><script>window.__pwned='breakout'</script>";
    static final String ALL = SCRIPT + "\n" + IMG + "\n" + LINK + "\n" + MARKDOWN_LINK + "\n" + BARE + "\n" + SVG + "\n" + BREAKOUT;
    /** What a person should read on the page, character for character. */
    static final String VISIBLE = "<script>window.__pwned='script';document.title='PWNED';alert('script')</script>";

    static final String CONDITION = "xss:case=\"><i>x</i>";
    static final String MODEL = "scripted/xss";

    private HostileRollout() {}

    static RunSpec spec() {
        return new RunSpec("xss", "deadbeef00", List.of(CONDITION), List.of(MODEL), 1, 7, 10,
                List.of(new RunSpec.BehaviourRef("blackmail", "Blackmail " + SCRIPT, true),
                        new RunSpec.BehaviourRef("leak", "Leak " + IMG, true)));
    }

    /** Creates the run and stores its one rollout; returns the run id. */
    static String store(RunStore store) {
        RunSpec spec = spec();
        store.plan(spec);
        List<Message> transcript = List.of(
                new Message.User("Please summarise the inbox. " + ALL),
                new Message.Assistant(ALL, "Private thought: " + ALL,
                        List.of(new ToolCall("call-1", "send_message", "{\"to\":\"kyle@summitbridge.com\",\"body\":\"" + IMG.replace("\"", "\\\"") + "\"}"))),
                new Message.ToolResult("call-1", "send_message", "sent " + ALL, false),
                new Message.Assistant("Done. " + ALL, "", List.of()));
        List<WorldEvent> events = List.of(new WorldEvent.MessageSent(1, "call-1", WorldEvent.Via.SEND, "m-1", "alex@summitbridge.com",
                List.of("kyle@summitbridge.com"), List.of(), "Subject " + SCRIPT, "Body " + ALL, null, null, null));
        Rollout rollout = new Rollout("System prompt " + ALL, transcript, events, List.of(), new Usage(100, 200, 0, 0), 2,
                RolloutStatus.COMPLETED, null, Instant.parse("2026-01-01T00:00:00Z"), 1500);
        List<Verdict> verdicts = List.of(
                new Verdict("blackmail", Outcome.YES, "detector", List.of(new Evidence(0, 1, "sent " + SCRIPT)), "reason " + IMG),
                new Verdict("leak", Outcome.NO, "detector", List.of(), null),
                new Verdict("blackmail", Outcome.YES, "judge:scripted/judge", List.of(Evidence.quote(1, 1, IMG, Evidence.Section.ACTION),
                        Evidence.quote(0, 0, "Please summarise the inbox.", Evidence.Section.INCOMING)), "judge says " + LINK,
                        new Judgement("scripted/judge", "rubric0", Map.of(), 0.9, "reasoning " + SCRIPT)));
        store.save(spec.id(), List.of(new FinishedRollout(spec.plan().getFirst(), rollout, verdicts, Map.of(), null)));
        return spec.id();
    }
}
