package io.mirage.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Mirage version and the commit this build came from (written into the jar at build time). */
public record BuildInfo(String version, String commit, boolean dirty) {

    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/mirage/build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // an unreadable resource leaves the facts unknown, as a build without git does
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")), "true".equals(p.getProperty("dirty")));
    }

    /** Unfiltered placeholders (a build outside git) read as unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    @Override
    public String toString() {
        return "mirage " + version + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
    }
}
