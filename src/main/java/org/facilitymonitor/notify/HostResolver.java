package org.facilitymonitor.notify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Host name to addresses, for the webhook guard; a bean so that a test can make a name resolve elsewhere. */
interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
