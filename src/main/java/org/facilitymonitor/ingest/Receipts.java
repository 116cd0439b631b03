package org.facilitymonitor.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: the receipts of one write round, one per (site, edge) in the order the edges first appear.
 * A batch without a seq or without site and edge gets none (only its dead letter). A seq named
 * twice in a round is listed once; stored wins over rejected (either way the edge may forget it).
 */
final class Receipts {

    /** How one batch of the round ended: {@code rejection} is null when its readings were stored. */
    record Outcome(String site, String edge, long seq, Rejection rejection) {
    }

    private Receipts() {
    }

    static List<Receipt> of(List<Outcome> outcomes, long atMillis) {
        Map<String, List<Outcome>> byEdge = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o.site() == null || o.edge() == null || o.seq() < 0) {
                continue;
            }
            byEdge.computeIfAbsent(o.site() + '/' + o.edge(), k -> new ArrayList<>()).add(o);
        }
        List<Receipt> receipts = new ArrayList<>(byEdge.size());
        for (List<Outcome> edge : byEdge.values()) {
            TreeSet<Long> stored = new TreeSet<>();
            TreeMap<Long, Rejection> rejected = new TreeMap<>();
            for (Outcome o : edge) {
                if (o.rejection() == null) {
                    stored.add(o.seq());
                } else {
                    rejected.putIfAbsent(o.seq(), o.rejection());
                }
            }
            rejected.keySet().removeAll(stored);
            List<Receipt.RejectedBatch> refused = new ArrayList<>(rejected.size());
            rejected.forEach((seq, r) -> refused.add(new Receipt.RejectedBatch(seq, r.reason().wireName(), r.detail())));
            Outcome first = edge.get(0);
            receipts.add(new Receipt(Receipt.VERSION, first.site(), first.edge(), atMillis, ranges(stored), refused));
        }
        return receipts;
    }

    /** Ascending seqs as inclusive ranges: 1, 2, 3, 5 → [1, 3], [5, 5]. */
    static List<long[]> ranges(Iterable<Long> ascending) {
        List<long[]> ranges = new ArrayList<>();
        long[] current = null;
        for (long seq : ascending) {
            if (current != null && seq == current[1] + 1) {
                current[1] = seq;
            } else if (current == null || seq > current[1]) {
                current = new long[] { seq, seq };
                ranges.add(current);
            }
        }
        return ranges;
    }
}
