package io.mirage.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 15 (12): the token link's redirect stays on this server. */
final class RequestGuardTest {

    @Test
    void localPath_keepsPathsOnThisServer() {
        assertEquals("/", RequestGuard.localPath("/"));
        assertEquals("/transcripts", RequestGuard.localPath("/transcripts"));
        assertEquals("/runs/a-1/rollouts/3", RequestGuard.localPath("/runs/a-1/rollouts/3"));
    }

    @Test
    void localPath_refusesWhatABrowserReadsAsAnotherSite() {
        assertEquals("/", RequestGuard.localPath("//evil.example/"));
        assertEquals("/", RequestGuard.localPath("///evil.example/"));
        assertEquals("/", RequestGuard.localPath("/\\evil.example/"));
        assertEquals("/", RequestGuard.localPath("/\t/evil.example/"));
        assertEquals("/", RequestGuard.localPath("https://evil.example/"));
        assertEquals("/", RequestGuard.localPath(""));
        assertEquals("/", RequestGuard.localPath(null));
    }
}
