package org.facilitymonitor.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Names this process among the service instances sharing one database: leases, claims and journal
 * rows carry it, so that an operator can tell which instance holds what.
 */
public final class InstanceId {

    private InstanceId() {
    }

    /** The configured id when set and not blank, else {@code host:pid}. */
    public static String of(Optional<String> configured) {
        return configured.filter(s -> !s.isBlank()).orElseGet(InstanceId::hostAndPid);
    }

    public static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
