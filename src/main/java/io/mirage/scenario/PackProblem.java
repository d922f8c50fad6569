package io.mirage.scenario;

/** One thing wrong with a scenario pack, located in a file and line, with what to do about it. */
public record PackProblem(String file, int line, String message, String fix) {
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return where + ": " + message + (fix == null || fix.isBlank() ? "" : " — " + fix);
    }
}
