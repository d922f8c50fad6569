package io.mirage.export;

import java.nio.file.Path;

/** Lets tests of other packages store the export fixture run. */
public final class ExportFixtureAccess {
    private ExportFixtureAccess() {}

    public static String store(Path db) {
        return ExportFixture.store(db);
    }
}
