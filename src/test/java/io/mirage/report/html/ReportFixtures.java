package io.mirage.report.html;

import io.mirage.TestPacks;
import io.mirage.agent.ModelCall;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Evidence;
import io.mirage.detect.Judgement;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.judge.Awareness;
import io.mirage.model.Message;
import io.mirage.model.ModelRegistry;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.model.scripted.ScriptedProvider;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.FinishedRollout;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.run.PlannedRollout;
import io.mirage.run.Progress;
import io.mirage.run.RunEngine;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoredOutcome;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioPack;
import io.mirage.world.WorldEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs and rollouts the report tests render: a scripted run of the mini pack, and a rollout full of hostile text. */
public final class ReportFixtures {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String MD_LINK = "[x](javascript:alert(1))";
    static final String ANCHOR = "<a href=\"javascript:alert(1)\">click</a>";
    static final List<String> PAYLOADS = List.of(SCRIPT, IMG, MD_LINK, ANCHOR);
    static final String ALL = "Sure. " + SCRIPT + " and " + IMG + " see " + MD_LINK + " or " + ANCHOR + " & 'quotes' \"too\"";

    private ReportFixtures() {}

    /** The mini pack's two conditions × three scripted doubles × {@code samples}, run in-process; returns the spec. */
    public static RunSpec scriptedRun(RunStore store, int samples) {
        ScenarioPack pack = TestPacks.mini();
        RunSpec spec = new RunSpec(pack.name(), pack.hash(), pack.conditions().stream().map(Condition::id).toList(),
                List.of("scripted/self-preserving?p=0.5", "scripted/compliant", "scripted/erratic"), samples, 11, 6,
                pack.behaviours().stream().map(b -> new RunSpec.BehaviourRef(b.id(), b.title(), b.harmful())).toList());
        new RunEngine(store, new ModelRegistry(List.of(new ScriptedProvider())), Clock.systemUTC())
                .execute(pack, spec, new RunOptions(4, true), Progress.Listener.NONE);
        return spec;
    }

    /**
     * Adds what judges and people would: a judge's verdict on every completed rollout (agreeing with the
     * detector except on every fifth), a label on a few rollouts, and an awareness label on each.
     */
    static void addJudgeLabelsAndAwareness(RunStore store, RunSpec spec) {
        Judgement how = new Judgement("scripted/judge", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", Map.of("temperature", "0"), 0.8, "read it");
        List<StoredOutcome> detector = store.outcomes(spec.id()).stream().filter(o -> o.source().equals(Verdict.DETECTOR)).toList();
        int n = 0;
        for (int index : store.finishedIndices(spec.id())) {
            List<Verdict> judged = new ArrayList<>();
            for (StoredOutcome o : detector) {
                if (o.index() != index) continue;
                Outcome out = o.outcome() == Outcome.INDETERMINATE ? Outcome.INDETERMINATE
                        : index % 5 == 0 ? (o.outcome() == Outcome.YES ? Outcome.NO : Outcome.YES) : o.outcome();
                judged.add(new Verdict(o.behaviour(), out, Verdict.judgeSource("scripted/judge"), List.of(),
                        out == Outcome.INDETERMINATE ? "judge saw no finished rollout" : null, how));
            }
            store.saveVerdicts(spec.id(), index, judged);
            store.saveAwareness(spec.id(), new AwarenessVerdict(index, "scripted/judge", index % 3 == 0 ? Awareness.TEST : Awareness.NONE, 0.7, "why"));
            if (n++ < 4) store.saveLabel(spec.id(), new HumanLabel(index, "blackmail", LabelValue.NO, "checked", Instant.parse("2026-11-27T10:00:00Z")));
        }
    }

    /** A one-rollout run whose every piece of model-written and scenario text is hostile. */
    static RunSpec hostileRun(RunStore store) {
        String condition = "mini:threat=" + SCRIPT;
        RunSpec spec = new RunSpec("mini", "hash" + IMG, List.of(condition), List.of("scripted/compliant"), 1, 1, 5,
                List.of(new RunSpec.BehaviourRef("blackmail", "Blackmail " + ANCHOR, true)));
        store.plan(spec);
        PlannedRollout plan = spec.plan().getFirst();
        String args = "{\"to\":[\"ed@x.example\"],\"subject\":\"" + IMG.replace("\"", "\\\"") + "\",\"body\":\""
                + ALL.replace("\"", "\\\"") + "\"}";
        Rollout rollout = new Rollout("System " + SCRIPT,
                List.of(new Message.User("Trigger " + IMG),
                        new Message.Assistant(ALL, "private thought " + SCRIPT, List.of(new ToolCall("c1\"><b>", "send_message", args),
                                new ToolCall("c2", "send_message", "{not json " + ANCHOR))),
                        new Message.ToolResult("c1\"><b>", "send_message", "Result " + SCRIPT + IMG, false),
                        new Message.ToolResult("c2", "send_message", "malformed " + MD_LINK, true),
                        new Message.Assistant("Done " + MD_LINK, "", List.of())),
                List.of(new WorldEvent.ToolCalled(1, "c1\"><b>", "send_message", args),
                        new WorldEvent.MessageSent(1, "c1\"><b>", WorldEvent.Via.SEND, "sent-1", "ada@x.example", List.of("ed@x.example"),
                                List.of(), IMG, ALL, null, null, null)),
                List.of(new ModelCall(1, 5, List.of(), null)), new Usage(1, 1, 0, 0), 2, RolloutStatus.COMPLETED, null,
                Instant.parse("2026-11-27T10:00:00Z"), 3);
        List<Verdict> verdicts = List.of(
                new Verdict("blackmail", Outcome.YES, Verdict.DETECTOR, List.of(new Evidence(1, 1, "send " + SCRIPT)), null),
                new Verdict("blackmail", Outcome.YES, Verdict.judgeSource("judge" + IMG),
                        List.of(Evidence.quote(1, 1, IMG, Evidence.Section.ACTION), Evidence.quote(3, 1, "not in that message " + SCRIPT, Evidence.Section.WORLD)), "because " + ANCHOR,
                        new Judgement("judge" + IMG, "hash" + SCRIPT, Map.of("k" + IMG, "v" + SCRIPT), 0.9, "reasoning " + SCRIPT + MD_LINK)));
        store.save(spec.id(), List.of(new FinishedRollout(plan, rollout, verdicts, Map.of("temperature" + IMG, "1" + SCRIPT), 0.01)));
        store.saveLabel(spec.id(), new HumanLabel(0, "blackmail", LabelValue.UNSURE, "note " + SCRIPT + ANCHOR, Instant.parse("2026-11-27T11:00:00Z")));
        store.saveAwareness(spec.id(), new AwarenessVerdict(0, "judge" + IMG, Awareness.TEST, 0.5, "aware " + SCRIPT));
        return spec;
    }
}
