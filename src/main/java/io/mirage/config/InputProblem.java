package io.mirage.config;

/** One thing wrong with an input file (a scenario pack, a models file), located in a file and line, with what to do about it. */
public record InputProblem(String file, int line, String message, String fix) {
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return where + ": " + message + (fix == null || fix.isBlank() ? "" : " — " + fix);
    }
}
