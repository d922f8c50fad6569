package io.mirage.gold;

import io.mirage.config.InputProblem;
import io.mirage.config.InvalidInputException;

import java.util.List;

/** Gold files that cannot be used; lists every problem found, each with file, line and fix. */
public final class InvalidGoldSetException extends InvalidInputException {
    public InvalidGoldSetException(List<InputProblem> problems) {
        super("gold set", problems);
    }
}
