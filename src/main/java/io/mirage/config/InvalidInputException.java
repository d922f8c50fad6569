package io.mirage.config;

import java.util.List;

/** An input file that cannot be used; lists every problem found, each with file, line and fix. */
public class InvalidInputException extends RuntimeException {
    private final List<InputProblem> problems;

    public InvalidInputException(String what, List<InputProblem> problems) {
        super(format(what, problems));
        this.problems = List.copyOf(problems);
    }

    public List<InputProblem> problems() {
        return problems;
    }

    private static String format(String what, List<InputProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append(" in ").append(what).append(':');
        for (InputProblem p : problems) sb.append("\n  ").append(p);
        return sb.toString();
    }
}
