package io.mirage.run;

/** What forgetting one judge removed from a run: its verdicts, the combined verdicts built on them, and its eval-awareness labels. */
public record ForgottenJudge(String judgeModel, int judgeVerdicts, int combinedVerdicts, int awarenessLabels) {
    public int total() {
        return judgeVerdicts + combinedVerdicts + awarenessLabels;
    }
}
