package org.facilitymonitor.platform;

import java.util.regex.Pattern;

/** Identifier rules shared by the MQTT contract, the registry and the REST API. */
public final class Ids {

    /** Site, edge, building, zone, department, asset and point ids. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** InfluxDB measurement and field names chosen in the registry. */
    public static final Pattern STORAGE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static boolean isValidStorageName(String name) {
        return name != null && STORAGE_NAME.matcher(name).matches();
    }
}
