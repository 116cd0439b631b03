package org.facilitymonitor.ingest;

import java.util.List;

/**
 * A delivery receipt, contract v1 ({@code fm/v1/{site}/{edge}/receipt}): the batches of one edge a
 * write round finished. {@code stored} holds inclusive, ascending seq ranges {@code [first, last]};
 * {@code rejected} the batches refused as a whole, with the reason of their dead letter.
 */
public record Receipt(int v, String site, String edge, long at, List<long[]> stored, List<RejectedBatch> rejected) {

    public static final int VERSION = 1;

    public record RejectedBatch(long seq, String reason, String detail) {
    }

    public String topic() {
        return topic(site, edge);
    }

    public static String topic(String site, String edge) {
        return "fm/v1/" + site + "/" + edge + "/receipt";
    }

    public int batchCount() {
        long n = rejected.size();
        for (long[] range : stored) {
            n += range[1] - range[0] + 1;
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }
}
