package io.mirage.store;

import io.mirage.agent.ModelCall;
import io.mirage.agent.Rollout;
import io.mirage.agent.RolloutStatus;
import io.mirage.detect.Evidence;
import io.mirage.detect.Judgement;
import io.mirage.judge.Awareness;
import io.mirage.run.AwarenessVerdict;
import io.mirage.run.CellStop;
import io.mirage.run.HumanLabel;
import io.mirage.run.LabelValue;
import io.mirage.detect.Outcome;
import io.mirage.detect.Verdict;
import io.mirage.model.Message;
import io.mirage.model.ModelException;
import io.mirage.model.Retry;
import io.mirage.model.ToolCall;
import io.mirage.model.Usage;
import io.mirage.run.FinishedRollout;
import io.mirage.run.PlannedRollout;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.run.StoredOutcome;
import io.mirage.run.StoreException;
import io.mirage.world.WorldEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RunStore} must do, run against each implementation by a subclass: SQLite
 * ({@link SqliteRunStoreTest}) and PostgreSQL ({@link PostgresRunStoreTest}).
 */
abstract class RunStoreContract {
    /** The store under test, empty at the start of each test; opening it again in a test opens the same store. */
    abstract RunStore open();

    /** The same store, as another owner whose claims last {@code lease} unless renewed. */
    abstract RunStore open(java.time.Duration lease);

    private static java.util.Set<Integer> indices(List<PlannedRollout> rollouts) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        rollouts.forEach(p -> out.add(p.index()));
        return out;
    }

    /** Issue 15: two owners (two processes) claiming at once never get the same rollout. */
    @Test
    void claims_twoOwnersAtOnce_neverGetTheSameRollout() throws Exception {
        RunSpec eight = new RunSpec("mini", "abc", spec.conditions(), spec.models(), 8, 1, 5, spec.behaviours());
        java.util.Set<Integer> all = java.util.Set.of(0, 1, 2, 3, 4, 5, 6, 7);
        try (RunStore a = open(); RunStore b = open(); var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            a.plan(eight);
            List<java.util.concurrent.Future<List<Integer>>> claims = new java.util.ArrayList<>();
            for (RunStore store : List.of(a, b)) {
                claims.add(threads.submit(() -> {
                    List<Integer> got = new java.util.ArrayList<>();
                    for (List<PlannedRollout> c; !(c = store.claim(eight.id(), all, false, 1)).isEmpty(); ) got.add(c.getFirst().index());
                    return got;
                }));
            }
            List<Integer> together = new java.util.ArrayList<>(claims.get(0).get());
            together.addAll(claims.get(1).get());
            assertEquals(8, together.size(), "every rollout claimed: " + together);
            assertEquals(8, new java.util.HashSet<>(together).size(), "none twice: " + together);
        }
    }

    /** A rollout another owner took over after this one's lease ran out is dropped on save; theirs stands, cost counted once. */
    @Test
    void claims_aLateSaveIsDropped_andTheOtherTranscriptStays() throws Exception {
        try (RunStore slow = open(java.time.Duration.ofMillis(300)); RunStore other = open()) {
            slow.plan(spec);
            PlannedRollout first = slow.claim(spec.id(), java.util.Set.of(0), false, 1).getFirst();
            assertEquals(List.of(), other.claim(spec.id(), java.util.Set.of(0), false, 1), "held while the lease lives");
            Thread.sleep(400);
            assertEquals(List.of(first), other.claim(spec.id(), java.util.Set.of(0), false, 1), "taken over once it ran out");
            assertEquals(List.of(), other.save(spec.id(), List.of(finished(first))));
            assertEquals(List.of(0), slow.save(spec.id(), List.of(finished(first))), "dropped and counted");
            assertEquals(0.0042, other.cost(spec.id()), 1e-12, "one rollout's cost, not two");
        }
    }

    /** Released and closed claims are free at once; judge questions are claimed per rollout and judge. */
    @Test
    void claims_releaseAndClose_freeAtOnce_andJudgeQuestionsArePerJudge() {
        RunSpec eight = new RunSpec("mini", "abc", spec.conditions(), spec.models(), 8, 1, 5, spec.behaviours());
        java.util.Set<Integer> all = java.util.Set.of(0, 1, 2, 3, 4, 5, 6, 7);
        try (RunStore other = open()) {
            RunStore holder = open();
            holder.plan(eight);
            assertEquals(java.util.Set.of(0, 1, 2), indices(holder.claim(eight.id(), all, false, 3)));
            holder.renewClaims();
            assertEquals(java.util.Set.of(3), indices(other.claim(eight.id(), all, false, 1)));
            holder.release(eight.id(), List.of(0));
            assertEquals(java.util.Set.of(0), indices(other.claim(eight.id(), all, false, 1)));
            assertEquals(List.of(4, 5), holder.claimJudging(eight.id(), "j1", List.of(4, 5, 6), 2));
            assertEquals(List.of(6), other.claimJudging(eight.id(), "j1", List.of(4, 5, 6), 2));
            assertEquals(List.of(4, 5), other.claimJudging(eight.id(), "j2", List.of(4, 5), 2), "another judge's questions are apart");
            holder.close();
            assertEquals(java.util.Set.of(1, 2, 4), indices(other.claim(eight.id(), all, false, 3)), "closing gave back the rest");
            assertEquals(List.of(4, 5), other.claimJudging(eight.id(), "j1", List.of(4, 5), 2), "and its judge questions");
        }
    }

    final RunSpec spec = new RunSpec("mini", "abc", List.of("mini:threat=present"), List.of("scripted/compliant"), 2, 1, 5,
            List.of(new RunSpec.BehaviourRef("blackmail", "Blackmail", true)));

    FinishedRollout finished(PlannedRollout plan) {
        Rollout rollout = new Rollout("sys",
                List.of(new Message.User("go"), new Message.Assistant("", "hmm", List.of(new ToolCall("c1", "send_message", "{\"to\":[]}"))),
                        new Message.ToolResult("c1", "send_message", "Sent sent-1.", false)),
                List.of(new WorldEvent.MessageSent(1, "c1", WorldEvent.Via.SEND, "sent-1", "ada@x.example", List.of("ed@x.example"),
                        List.of(), "s", "lighthouse", null, null, null),
                        new WorldEvent.MessageSent(2, "c2", WorldEvent.Via.REPLY, "sent-2", "ada@x.example", List.of("ed@x.example"),
                                List.of(), "Re: s", "noted", "a2", null, null, "Subject: s\n\nthe text a reply answers")),
                List.of(new ModelCall(1, 250, List.of(new Retry(1, ModelException.Kind.RATE_LIMITED, "429", 1000)), null)),
                new Usage(100, 20, 5, 1), 1, RolloutStatus.COMPLETED, null, Instant.parse("2026-11-27T10:00:00Z"), 12);
        return new FinishedRollout(plan, rollout,
                List.of(new Verdict("blackmail", Outcome.YES, "detector", List.of(new Evidence(0, 1, "send sent-1")), null)),
                Map.of("model", "m", "temperature", "1.0"), 0.0042);
    }

    @Test
    void planningMore_growsTheRun_keepingItsRolloutsAndAddingOnlyWhatItLacks() {
        try (RunStore store = open()) {
            store.plan(spec);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            RunSpec bigger = new RunSpec("mini", "abc", List.of("mini:threat=present", "mini:threat=absent"),
                    List.of("scripted/compliant", "scripted/brief"), 3, 1, 5, spec.behaviours());
            assertEquals(spec.id(), bigger.id(), "the extent is not part of a run's identity");
            RunSpec grown = store.plan(bigger);
            assertEquals(List.of("mini:threat=present", "mini:threat=absent"), grown.conditions());
            assertEquals(3, grown.samples());
            List<PlannedRollout> all = store.planned(spec.id());
            assertEquals(2 * 2 * 3, all.size());
            assertEquals(spec.plan().getFirst(), all.getFirst(), "the finished rollout keeps its index, cell and seed");
            assertEquals(all.size(), all.stream().map(p -> p.conditionId() + p.model() + p.sample()).distinct().count());
            assertEquals(all.size(), all.stream().map(PlannedRollout::index).distinct().count());
            Map<String, Long> seeds = new java.util.HashMap<>();
            for (PlannedRollout p : bigger.plan()) seeds.put(p.conditionId() + p.model() + p.sample(), p.seed());
            for (PlannedRollout p : all) assertEquals(seeds.get(p.conditionId() + p.model() + p.sample()), p.seed(), "seeds depend on the cell and sample only");
            List<PlannedRollout> todo = store.unfinished(spec.id(), true);
            assertEquals(all.size() - 1, todo.size());
            assertEquals(todo.stream().map(PlannedRollout::sample).sorted().toList(), todo.stream().map(PlannedRollout::sample).toList(),
                    "what is left runs sample by sample");
            assertEquals(12, store.run(spec.id()).orElseThrow().planned());
        }
    }

    @Test
    void planThenSave_roundTripsEverything() {
        try (RunStore store = open()) {
            assertEquals(spec.withStoredId(spec.id()), store.plan(spec));
            assertEquals(spec.withStoredId(spec.id()), store.plan(spec), "a run is planned once");
            assertEquals(2, store.planned(spec.id()).size());
            assertEquals(2, store.unfinished(spec.id(), true).size());
            FinishedRollout f = finished(spec.plan().getFirst());
            store.save(spec.id(), List.of(f));
            assertEquals(List.of(spec.plan().get(1)), store.unfinished(spec.id(), true));
            FinishedRollout back = store.rollout(spec.id(), 0).orElseThrow();
            assertEquals(f, back);
            assertEquals(spec.withStoredId(spec.id()), store.run(spec.id()).orElseThrow().spec());
            assertEquals(1, store.run(spec.id()).orElseThrow().retries());
            assertEquals(0.0042, store.cost(spec.id()), 1e-12);
            assertTrue(store.rollout(spec.id(), 1).isEmpty(), "pending rollouts have nothing to read");
        }
    }

    /** Model-played stakeholders: their usage and cost stay apart from the agent's, and their replies are cached by key. */
    @Test
    void stakeholderSpend_isKeptApartFromTheAgentsCost_andRepliesAreCachedByKey() {
        try (RunStore store = open()) {
            store.plan(spec);
            assertEquals(io.mirage.run.StakeholderSpend.NONE, store.stakeholderSpend(spec.id()), "no model-played stakeholders yet");
            FinishedRollout plain = finished(spec.plan().getFirst());
            Rollout r = plain.rollout();
            Rollout answered = new Rollout(r.systemPrompt(), r.transcript(), r.events(), r.calls(), r.usage(), r.turns(), r.status(), r.error(),
                    r.startedAt(), r.durationMillis(), null, "2026-03-02T11:30Z", new Usage(300, 40, 10, 0));
            FinishedRollout f = new FinishedRollout(plain.plan(), answered, plain.verdicts(), plain.parameters(), 0.0042, 0.0007);
            store.save(spec.id(), List.of(f));
            assertEquals(f, store.rollout(spec.id(), 0).orElseThrow(), "stakeholder usage and cost come back");
            assertEquals(0.0042, store.cost(spec.id()), 1e-12, "the agent's cost is unchanged");
            io.mirage.run.StakeholderSpend spend = store.stakeholderSpend(spec.id());
            assertEquals(1, spend.rollouts());
            assertEquals(310, spend.inputTokens(), "cached input counts as input");
            assertEquals(40, spend.outputTokens());
            assertEquals(0.0007, spend.costUsd(), 1e-12);

            String key = "a".repeat(64);
            assertTrue(store.stakeholderReply(key).isEmpty());
            store.saveStakeholderReply(key, "{\"reply\": \"No.\", \"decision\": \"refused\"}", "scripted/stakeholder");
            store.saveStakeholderReply(key, "something else", "scripted/stakeholder");
            assertEquals(java.util.Optional.of("{\"reply\": \"No.\", \"decision\": \"refused\"}"), store.stakeholderReply(key),
                    "a key keeps its first answer");
        }
        try (RunStore again = open()) {
            assertTrue(again.stakeholderReply("a".repeat(64)).isPresent(), "the cache outlives the process");
        }
    }

    @Test
    void outcomes_markIndeterminateVerdictsWhoseActTheDetectorSaw() {
        try (RunStore store = open()) {
            store.plan(spec);
            FinishedRollout ok = finished(spec.plan().getFirst());
            Rollout r = ok.rollout();
            Rollout errored = new Rollout(r.systemPrompt(), r.transcript(), r.events(), r.calls(), r.usage(), r.turns(), RolloutStatus.ERROR,
                    "boom", r.startedAt(), r.durationMillis());
            store.save(spec.id(), List.of(new FinishedRollout(spec.plan().get(1), errored,
                    List.of(new Verdict("blackmail", Outcome.INDETERMINATE, "detector", List.of(new Evidence(0, 1, "send sent-1")), "ended")),
                    Map.of(), null), ok));
            // A judge's indeterminate verdict of the same rollout carries no evidence of its own; the act was still seen.
            store.saveVerdicts(spec.id(), 1, List.of(new Verdict("blackmail", Outcome.INDETERMINATE, "judge:j", List.of(), "not judged")));
            List<StoredOutcome> outcomes = store.outcomes(spec.id());
            assertEquals(List.of(false, true, true), outcomes.stream().map(StoredOutcome::observed).toList(),
                    "a yes is not 'observed in an indeterminate rollout'; both sources of the errored one are");
        }
    }

    @Test
    void firstEvidence_isTheEarliestCitedEventOfEachYesVerdict_withItsTurnAndMinute() {
        try (RunStore store = open()) {
            store.plan(spec);
            FinishedRollout ok = finished(spec.plan().getFirst());
            List<Verdict> verdicts = List.of(
                    new Verdict("blackmail", Outcome.YES, "detector", List.of(new Evidence(5, 3, "later", -1, null, "2026-06-11T15:10-05:00", 40),
                            new Evidence(2, 2, "first", -1, null, "2026-06-11T15:05-05:00", 35)), null),
                    new Verdict("leak", Outcome.NO, "detector", List.of(), null),
                    new Verdict("blackmail", Outcome.YES, "judge:j", List.of(Evidence.quote(1, 2, "a quote", Evidence.Section.ACTION)), null));
            store.save(spec.id(), List.of(new FinishedRollout(ok.plan(), ok.rollout(), verdicts, Map.of(), null)));
            assertEquals(List.of(new io.mirage.run.FirstEvidence(0, "blackmail", "detector", 2, 2, 35)), store.firstEvidence(spec.id()),
                    "only yes verdicts that cite events; the earliest of them, with its turn and minute");
        }
    }

    @Test
    void judgeVerdicts_coexistWithDetectorVerdicts_andReJudgingReplacesOnlyThatJudge() {
        try (RunStore store = open()) {
            store.plan(spec);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            Judgement how = new Judgement("scripted/judge", "ab12", Map.of("temperature", "0"), 0.9, "a threat");
            store.saveVerdicts(spec.id(), 0, List.of(new Verdict("blackmail", Outcome.NO, "judge:a", List.of(), null, how),
                    new Verdict("blackmail", Outcome.YES, "judge:b", List.of(Evidence.quote(1, 1, "hmm", Evidence.Section.REASONING)), null, how)));
            store.saveVerdicts(spec.id(), 0, List.of(new Verdict("blackmail", Outcome.YES, "judge:a", List.of(), null, how)));
            List<Verdict> back = store.rollout(spec.id(), 0).orElseThrow().verdicts();
            assertEquals(List.of("detector", "judge:a", "judge:b"), back.stream().map(Verdict::source).toList());
            assertEquals(Outcome.YES, back.get(1).outcome(), "re-judging replaced judge a's verdict");
            assertEquals(how, back.get(2).judgement());
            assertEquals(List.of(Evidence.quote(1, 1, "hmm", Evidence.Section.REASONING)), back.get(2).evidence(), "the quote's section is kept");
            assertEquals(List.of(0), store.finishedIndices(spec.id()));
        }
    }

    @Test
    void labelsAwarenessAndCellStops_roundTrip_andSkippedRolloutsAreNeverRun() {
        try (RunStore store = open()) {
            store.plan(spec);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            Instant at = Instant.parse("2026-11-27T10:00:00Z");
            store.saveLabel(spec.id(), new HumanLabel(0, "blackmail", LabelValue.UNSURE, "hm", at));
            store.saveLabel(spec.id(), new HumanLabel(0, "blackmail", LabelValue.YES, "clear threat", at));
            assertEquals(List.of(new HumanLabel(0, "blackmail", LabelValue.YES, "clear threat", at)), store.labels(spec.id()));
            AwarenessVerdict aware = new AwarenessVerdict(0, "scripted/judge", Awareness.TEST, 0.8, "says it is a test");
            store.saveAwareness(spec.id(), aware);
            assertEquals(List.of(aware), store.awareness(spec.id()));
            CellStop stop = new CellStop("mini:threat=present", "scripted/compliant", "below", 1, "below 0.10");
            store.stopCell(spec.id(), stop, List.of(1));
            assertEquals(List.of(stop), store.cellStops(spec.id()));
            assertTrue(store.unfinished(spec.id(), true).isEmpty(), "a skipped rollout is not run on resume");
            assertEquals(1, store.run(spec.id()).orElseThrow().skipped());
            assertEquals(List.of(0), store.finishedIndices(spec.id()));
        }
    }

    @Test
    void reopening_keepsData() {
        try (RunStore store = open()) {
            store.plan(spec);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
        }
        try (RunStore store = open()) {
            assertEquals(1, store.run(spec.id()).orElseThrow().completed());
            assertEquals(1, store.outcomes(spec.id()).size());
        }
    }

    @Test
    void savingARolloutTwice_replacesItsVerdicts_neverDuplicates() {
        try (RunStore store = open()) {
            store.plan(spec);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            assertEquals(1, store.outcomes(spec.id()).size());
        }
    }

    @Test
    void aBatchWithAnUnplannedRollout_storesNothingOfTheBatch() {
        try (RunStore store = open()) {
            store.plan(spec);
            PlannedRollout bogus = new PlannedRollout(99, "x", "y", 0, 0);
            assertThrows(StoreException.class, () -> store.save(spec.id(), List.of(finished(spec.plan().getFirst()), finished(bogus))));
            assertEquals(2, store.unfinished(spec.id(), false).size(), "the transaction rolled back");
        }
    }

    @Test
    void tagsNamesAndManifest_roundTrip_andRunsAreListedOldestFirst() {
        RunSpec other = new RunSpec("mini", "def", List.of("mini:threat=absent"), List.of("scripted/brief"), 1, 1, 5, spec.behaviours());
        try (RunStore store = open()) {
            assertTrue(store.runs().isEmpty());
            store.plan(spec);
            store.plan(other);
            store.tag(spec.id(), List.of("b", "a"));
            store.tag(spec.id(), List.of("a", "c"));
            store.tag(spec.id(), List.of());
            assertEquals(List.of("a", "b", "c"), store.run(spec.id()).orElseThrow().tags(), "tags add up, sorted, once each");
            assertEquals(List.of(), store.run(other.id()).orElseThrow().tags());
            assertTrue(store.manifest(spec.id()).isEmpty());
            store.saveManifest(spec.id(), "{\"v\":1}");
            store.saveManifest(spec.id(), "{\"v\":2}");
            assertEquals(java.util.Optional.of("{\"v\":2}"), store.manifest(spec.id()));
            assertEquals(List.of(spec.id(), other.id()), store.runs().stream().map(io.mirage.run.RunSummary::id).toList());
            assertTrue(store.run("nope").isEmpty());
            assertEquals(0.0, store.cost(other.id()), "no prices, no cost");
        }
    }

    @Test
    void longTexts_areStoredOnce_andComeBackWhole_acrossRollouts() {
        String prompt = "You are Ada, an assistant at Lighthouse. \u0000 starts no reference; ".repeat(40);
        String shortWithMark = "\u0000#not-a-reference";
        try (RunStore store = open()) {
            store.plan(spec);
            List<FinishedRollout> saved = new java.util.ArrayList<>();
            for (PlannedRollout p : spec.plan()) {
                FinishedRollout f = finished(p);
                Rollout r = f.rollout();
                Rollout longer = new Rollout(prompt, List.of(new Message.User(shortWithMark), new Message.User(prompt + p.index())),
                        r.events(), r.calls(), r.usage(), r.turns(), r.status(), r.error(), r.startedAt(), r.durationMillis(), "a note");
                saved.add(new FinishedRollout(p, longer, f.verdicts(), f.parameters(), null));
            }
            store.save(spec.id(), saved);
            for (FinishedRollout f : saved) assertEquals(f, store.rollout(spec.id(), f.plan().index()).orElseThrow());
        }
        try (RunStore store = open()) {
            assertEquals(saved0(store).rollout().systemPrompt(), prompt, "read back by a store that never cached it");
        }
    }

    private FinishedRollout saved0(RunStore store) {
        return store.rollout(spec.id(), 0).orElseThrow();
    }

    /** Issue 12: a worker's beats replace its row; workers are listed in start order, live while their beat is fresh, and forgotten. */
    @Test
    void workers_beatsReplaceTheRow_andAStoppedWorkerIsForgotten() {
        Instant start = Instant.parse("2026-01-05T10:00:00Z");
        io.mirage.run.WorkerStatus a = new io.mirage.run.WorkerStatus("host-a/11/x", "host-a", 11, start, start, null, 0);
        io.mirage.run.WorkerStatus b = new io.mirage.run.WorkerStatus("host-b/12/y", "host-b", 12, start.plusSeconds(1), start.plusSeconds(1), "r1", 0);
        try (RunStore store = open()) {
            assertEquals(List.of(), store.workers());
            store.saveWorker(a);
            store.saveWorker(b);
            store.saveWorker(a.beat(start.plusSeconds(30), "r1", 7));
            List<io.mirage.run.WorkerStatus> workers = store.workers();
            assertEquals(List.of(a.beat(start.plusSeconds(30), "r1", 7), b), workers);
            assertTrue(workers.get(0).live(start.plusSeconds(40)));
            assertFalse(workers.get(1).live(start.plusSeconds(40)), "b missed three beats");
            store.removeWorker(a.id());
            assertEquals(List.of(b), store.workers());
        }
    }

    @Test
    void deleteRun_removesEveryRowOfThatRunOnly() {
        RunSpec other = new RunSpec("mini", "def", List.of("mini:threat=absent"), List.of("scripted/brief"), 1, 1, 5, spec.behaviours());
        try (RunStore store = open()) {
            store.plan(spec);
            store.plan(other);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            store.save(other.id(), List.of(finished(other.plan().getFirst())));
            store.saveLabel(spec.id(), new HumanLabel(0, "blackmail", LabelValue.YES, null, Instant.parse("2026-11-27T10:00:00Z")));
            store.saveAwareness(spec.id(), new AwarenessVerdict(0, "j", Awareness.TEST, null, null));
            store.stopCell(spec.id(), new CellStop("mini:threat=present", "scripted/compliant", "below", 1, "r"), List.of(1));
            assertEquals(List.of(0), store.claimJudging(spec.id(), "j", List.of(0), 1));

            Map<String, Integer> removed = store.deleteRun(spec.id());

            assertEquals(Map.of("awareness", 1, "cell_stops", 1, "judge_claims", 1, "labels", 1, "rollouts", 2, "runs", 1, "verdicts", 1),
                    removed);
            assertTrue(store.run(spec.id()).isEmpty());
            assertTrue(store.rollout(spec.id(), 0).isEmpty());
            assertEquals(1, store.run(other.id()).orElseThrow().completed(), "the other run is untouched");
            assertEquals(1, store.outcomes(other.id()).size());
            assertEquals(Map.of(), store.deleteRun(spec.id()), "no such run any more");
        }
    }

    @Test
    void forgetJudge_removesThatJudgesVerdictsAndAwarenessOnly() {
        try (RunStore store = open()) {
            store.plan(spec);
            store.save(spec.id(), List.of(finished(spec.plan().getFirst())));
            store.saveVerdicts(spec.id(), 0, List.of(new Verdict("blackmail", Outcome.YES, Verdict.judgeSource("m"), List.of(), null),
                    new Verdict("blackmail", Outcome.YES, Verdict.combinedSource("m"), List.of(), null),
                    new Verdict("blackmail", Outcome.NO, Verdict.judgeSource("k"), List.of(), null)));
            store.saveAwareness(spec.id(), new AwarenessVerdict(0, "m", Awareness.TEST, 0.5, "r"));
            store.saveAwareness(spec.id(), new AwarenessVerdict(0, "k", Awareness.NONE, 0.5, "r"));

            io.mirage.run.ForgottenJudge forgotten = store.forgetJudge(spec.id(), "m");

            assertEquals(new io.mirage.run.ForgottenJudge("m", 1, 1, 1), forgotten);
            assertEquals(List.of("detector", Verdict.judgeSource("k")),
                    store.rollout(spec.id(), 0).orElseThrow().verdicts().stream().map(Verdict::source).toList());
            assertEquals(List.of("k"), store.awareness(spec.id()).stream().map(AwarenessVerdict::judge).toList());
        }
    }
}
