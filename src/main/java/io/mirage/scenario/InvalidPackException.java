package io.mirage.scenario;

import io.mirage.config.InputProblem;
import io.mirage.config.InvalidInputException;

import java.util.List;

/** A scenario pack (or a condition asked of it) that cannot be used; lists every problem found. */
public final class InvalidPackException extends InvalidInputException {

    public InvalidPackException(List<InputProblem> problems) {
        super("scenario pack", problems);
    }

    public InvalidPackException(InputProblem problem) {
        this(List.of(problem));
    }
}
