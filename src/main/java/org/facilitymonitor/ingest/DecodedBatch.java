package org.facilitymonitor.ingest;

import java.util.List;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.telemetry.LineBlock;

/**
 * A data message after validation: the readings to store, already in line protocol, and every
 * rejection. A message-level rejection leaves {@code lines} empty and {@code site}/{@code edge}
 * set only when the topic named valid ids. {@code timestamps}, {@code points} and {@code values}
 * run parallel to {@code lines} (a state is its code) for what watches the stored readings, and so do
 * {@code bindings}: each reading's point as the registry had it when the batch was decoded.
 * {@code unowned}: readings of points whose asset names no edge, which any edge of the site may send.
 */
public record DecodedBatch(String site, String edge, long seq, boolean historical, LineBlock lines,
        long[] timestamps, String[] points, PointBinding[] bindings, double[] values, List<Rejection> rejections,
        int readingCount, int unowned) {

    public boolean rejectedWhole() {
        return rejections.size() == 1 && rejections.get(0).wholeMessage();
    }

    static DecodedBatch rejected(String site, String edge, RejectReason reason, String detail) {
        return rejected(site, edge, -1, reason, detail);
    }

    /** Refused whole; {@code seq} is the payload's when readable, else -1. */
    static DecodedBatch rejected(String site, String edge, long seq, RejectReason reason, String detail) {
        return new DecodedBatch(site, edge, seq, false, LineBlock.empty(), new long[0], new String[0],
                new PointBinding[0], new double[0], List.of(Rejection.ofMessage(reason, detail)), 0, 0);
    }
}
