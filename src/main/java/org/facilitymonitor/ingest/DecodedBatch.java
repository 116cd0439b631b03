package org.facilitymonitor.ingest;

import java.util.List;

/**
 * A data message after validation: the readings to store, already in line protocol, and every
 * rejection. A message-level rejection leaves {@code lines} empty and {@code site}/{@code edge}
 * set only when the topic named valid ids.
 */
public record DecodedBatch(String site, String edge, long seq, boolean historical, List<String> lines,
        long[] timestamps, List<Rejection> rejections, int readingCount) {

    public boolean rejectedWhole() {
        return rejections.size() == 1 && rejections.get(0).wholeMessage();
    }

    static DecodedBatch rejected(String site, String edge, RejectReason reason, String detail) {
        return new DecodedBatch(site, edge, -1, false, List.of(), new long[0],
                List.of(Rejection.ofMessage(reason, detail)), 0);
    }
}
