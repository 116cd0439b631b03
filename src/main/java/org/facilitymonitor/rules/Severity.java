package org.facilitymonitor.rules;

/** Alarm severity, most severe first. */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING, INFO
}
