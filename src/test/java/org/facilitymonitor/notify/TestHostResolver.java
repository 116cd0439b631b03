package org.facilitymonitor.notify;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The system resolver, except for the names a test gives answers for (under {@code .fm.test}, a
 * name no real DNS knows): how a test makes a webhook's name resolve elsewhere between saving and
 * sending, as a rebinding DNS server would.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestHostResolver implements HostResolver {

    private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();

    /** From now on {@code host} resolves to these addresses (IP literals). */
    public void answer(String host, String... addresses) {
        answers.put(host, Arrays.stream(addresses).map(a -> {
            try {
                return InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(a, e);
            }
        }).toList());
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> answer = answers.get(host);
        return answer != null ? answer : List.of(InetAddress.getAllByName(host));
    }
}
