package org.facilitymonitor.edge.config;

/** A configuration the agent cannot run with; the message names the field and what is wrong. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
