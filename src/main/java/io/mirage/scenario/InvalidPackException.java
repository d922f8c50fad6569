package io.mirage.scenario;

import java.util.List;

/** A scenario pack (or a condition asked of it) that cannot be used; lists every problem found. */
public final class InvalidPackException extends RuntimeException {
    private final List<PackProblem> problems;

    public InvalidPackException(List<PackProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidPackException(PackProblem problem) {
        this(List.of(problem));
    }

    public List<PackProblem> problems() {
        return problems;
    }

    private static String format(List<PackProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append(" in scenario pack:");
        for (PackProblem p : problems) sb.append("\n  ").append(p);
        return sb.toString();
    }
}
