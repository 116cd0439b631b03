package org.facilitymonitor.ingest;

/**
 * One refused message (index -1) or reading (its index in the batch), with a detail that names
 * the offending field and value.
 */
public record Rejection(RejectReason reason, String detail, int index, String point) {

    public static Rejection ofMessage(RejectReason reason, String detail) {
        return new Rejection(reason, detail, -1, null);
    }

    public static Rejection ofReading(RejectReason reason, String detail, int index, String point) {
        return new Rejection(reason, detail, index, point);
    }

    public boolean wholeMessage() {
        return index < 0;
    }
}
