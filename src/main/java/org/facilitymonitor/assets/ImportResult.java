package org.facilitymonitor.assets;

/** What an import did: objects of each type in the file, and how many were new, changed or already identical. */
public record ImportResult(String site, boolean dryRun, int departments, int buildings, int zones, int assets,
        int points, int created, int updated, int unchanged, long registryVersion) {
}
