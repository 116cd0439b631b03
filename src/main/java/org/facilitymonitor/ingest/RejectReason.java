package org.facilitymonitor.ingest;

/** Why a message or a reading was refused; the wire names are the contract's (contract/README.md, "Rejections"). */
public enum RejectReason {
    TOO_LARGE("too-large"),
    NOT_UTF8("not-utf8"),
    NOT_JSON("not-json"),
    SCHEMA("schema"),
    UNSUPPORTED_VERSION("unsupported-version"),
    BAD_TOPIC("bad-topic"),
    INVALID_ID("invalid-id"),
    TOPIC_MISMATCH("topic-mismatch"),
    UNKNOWN_SITE("unknown-site"),
    INVALID_READING("invalid-reading"),
    UNKNOWN_POINT("unknown-point"),
    /** The point's asset names another edge in the registry (or none, with fm.ingest.require-edge). */
    NOT_OWNER("not-owner"),
    WRONG_TYPE("wrong-type"),
    NON_FINITE("non-finite"),
    NEGATIVE_COUNTER("negative-counter"),
    /** Finite but outside the point's plausible range (its own or its quantity's default). */
    OUT_OF_RANGE("out-of-range"),
    TIMESTAMP_OUT_OF_WINDOW("timestamp-out-of-window"),
    DUPLICATE_READING("duplicate-reading"),
    /** InfluxDB refused the point although it passed validation (e.g. a field type written differently before). */
    STORAGE_REJECTED("storage-rejected");

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
