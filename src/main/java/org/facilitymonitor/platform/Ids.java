package org.facilitymonitor.platform;

import java.util.regex.Pattern;

/** Identifier rules shared by the MQTT contract, the registry and the REST API. */
public final class Ids {

    /** Site, edge, building, zone, department, asset, point, person and team ids, as a regular expression. */
    public static final String ID_REGEX = "[a-z0-9][a-z0-9-]{0,63}";

    /** What a request is told when an id does not match {@link #ID_REGEX}. */
    public static final String ID_MESSAGE = "must be an id: lowercase letters, digits and '-', at most 64 characters";

    public static final Pattern ID = Pattern.compile(ID_REGEX);

    /** InfluxDB measurement and field names chosen in the registry, as a regular expression. */
    public static final String STORAGE_NAME_REGEX = "[a-z][a-z0-9_]{0,63}";

    public static final Pattern STORAGE_NAME = Pattern.compile(STORAGE_NAME_REGEX);

    private Ids() {
    }

    /** Same as matching {@link #ID}, without a regex: it runs for every reading ingested. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidStorageName(String name) {
        return name != null && STORAGE_NAME.matcher(name).matches();
    }
}
