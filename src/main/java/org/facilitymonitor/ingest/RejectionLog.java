package org.facilitymonitor.ingest;

import io.quarkus.logging.Log;
import java.util.EnumMap;
import java.util.Map;

/**
 * Logs rejections without letting a misbehaving edge flood the log: the first of each reason in a
 * window is logged in full with how many of that reason were folded since; all are counted in metrics.
 */
final class RejectionLog {

    private final long windowNanos;
    private final Map<RejectReason, long[]> state = new EnumMap<>(RejectReason.class);

    RejectionLog(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    synchronized void log(String topic, Rejection rejection, long nowNanos) {
        long[] s = state.computeIfAbsent(rejection.reason(), r -> new long[] { Long.MIN_VALUE / 2, 0 });
        if (nowNanos - s[0] >= windowNanos) {
            String folded = s[1] > 0 ? " (" + s[1] + " more '" + rejection.reason().wireName()
                    + "' rejections since the last one logged)" : "";
            String where = rejection.wholeMessage() ? "message" : "reading " + rejection.index();
            Log.warnf("rejected %s on %s: %s: %s%s", where, topic, rejection.reason().wireName(), rejection.detail(),
                    folded);
            s[0] = nowNanos;
            s[1] = 0;
        } else {
            s[1]++;
            Log.debugf("rejected on %s: %s: %s", topic, rejection.reason().wireName(), rejection.detail());
        }
    }
}
