package io.mirage.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One experimental axis of a scenario, e.g. {@code threat}: replacement | restriction | none. A factor with a
 * {@code defaultLevel} is held at it unless a condition filter names the factor, so it does not multiply the
 * grid a run sweeps by default (the {@code stakeholders} factor: {@code silent} is today's static world).
 */
public record Factor(String name, String description, List<Level> levels, String defaultLevel) {

    /** One value of a factor, with the template variables it sets; {@code line} is where the manifest declares it. */
    public record Level(String name, String description, Map<String, String> vars, int line) {
        public Level {
            vars = Map.copyOf(vars);
        }
    }

    public Factor {
        levels = List.copyOf(levels);
    }

    public Factor(String name, String description, List<Level> levels) {
        this(name, description, levels, null);
    }

    public Optional<Level> level(String levelName) {
        return levels.stream().filter(l -> l.name().equals(levelName)).findFirst();
    }

    public List<String> levelNames() {
        return levels.stream().map(Level::name).toList();
    }
}
