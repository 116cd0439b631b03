package org.facilitymonitor.edge.contract;

import java.util.List;

/**
 * A delivery receipt of contract v1 ({@code fm/v1/{site}/{edge}/receipt}): the batches of one edge a
 * write round of the service finished, stored (inclusive seq ranges) or rejected as a whole.
 */
public record Receipt(int v, String site, String edge, long at, List<Range> stored, List<Rejected> rejected) {

    public Receipt {
        stored = List.copyOf(stored);
        rejected = List.copyOf(rejected);
    }

    /** Seqs {@code from} to {@code to}, both included. */
    public record Range(long from, long to) {
        public boolean contains(long seq) {
            return seq >= from && seq <= to;
        }
    }

    /** A batch the service rejected as a whole, with the dead-letter reason. */
    public record Rejected(long seq, String reason, String detail) {
    }
}
