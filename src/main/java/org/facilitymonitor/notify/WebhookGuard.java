package org.facilitymonitor.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may point: https (http only when {@code fm.notify.webhooks.allow-http}), a host
 * in the allow-list when there is one, and only public addresses after DNS resolution, so that a
 * webhook cannot make the service POST to itself, the LAN, InfluxDB or a cloud metadata endpoint.
 * Checked when a webhook is saved and again before every connect: the channel connects to the very
 * address checked here, so a name that resolves elsewhere by then (DNS rebinding) gains nothing.
 */
@ApplicationScoped
public class WebhookGuard {

    /** Why a URL is refused, worded to follow "webhookUrl: ". */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    /** A checked webhook: connect to {@code address}, send {@code host} as Host and TLS server name. */
    record Target(URI uri, String host, int port, boolean tls, InetAddress address) {
        String requestUri() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    private record Cidr(byte[] network, int prefix, String reason) {
        static Cidr parse(String cidr, String reason) {
            String[] parts = cidr.strip().split("/", 2);
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not an IP network: " + cidr);
            }
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("not an IP network: " + cidr);
                }
                return new Cidr(network, prefix, reason);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not an IP network: " + cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Cidr> NON_PUBLIC = List.of(
            Cidr.parse("0.0.0.0/8", "an unspecified address"),
            Cidr.parse("127.0.0.0/8", "a loopback address"),
            Cidr.parse("10.0.0.0/8", "a private address"),
            Cidr.parse("172.16.0.0/12", "a private address"),
            Cidr.parse("192.168.0.0/16", "a private address"),
            Cidr.parse("100.64.0.0/10", "a carrier-grade NAT address"),
            Cidr.parse("169.254.0.0/16", "a link-local address"),
            Cidr.parse("224.0.0.0/4", "a multicast address"),
            Cidr.parse("240.0.0.0/4", "a reserved or broadcast address"),
            Cidr.parse("::/128", "an unspecified address"),
            Cidr.parse("::1/128", "a loopback address"),
            Cidr.parse("fe80::/10", "a link-local address"),
            Cidr.parse("fec0::/10", "a private address"),
            Cidr.parse("fc00::/7", "a private address"),
            Cidr.parse("ff00::/8", "a multicast address"));

    /**
     * IPv6 forms that carry an IPv4 address (compatible, NAT64, 6to4): judged by that address. Java
     * turns IPv4-mapped addresses (::ffff:a.b.c.d) into IPv4 ones itself.
     */
    private static final List<Cidr> EMBEDS_IPV4_AT_12 = List.of(Cidr.parse("::/96", ""), Cidr.parse("64:ff9b::/96", ""));
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16", "");

    private final boolean allowHttp;
    private final List<String> allowedHosts;
    private final List<Cidr> allowedNetworks;
    private final HostResolver resolver;

    @Inject
    WebhookGuard(NotifyConfig config, HostResolver resolver) {
        this(config.webhooks().allowHttp(), config.webhooks().allowedHosts().orElse(List.of()),
                config.webhooks().allowedNetworks().orElse(List.of()), resolver);
    }

    WebhookGuard(boolean allowHttp, List<String> allowedHosts, List<String> allowedNetworks, HostResolver resolver) {
        this.allowHttp = allowHttp;
        this.allowedHosts = allowedHosts.stream().map(WebhookGuard::normalizeHost).filter(h -> !h.isEmpty()).toList();
        this.allowedNetworks = allowedNetworks.stream().filter(n -> !n.isBlank()).map(n -> Cidr.parse(n, "")).toList();
        this.resolver = resolver;
    }

    /** Checks the URL and every address its host resolves to now; the target connects to the first of them. */
    Target check(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("is empty");
        }
        if (url.length() > 2000) {
            throw new Refused("must be at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (!tls && !(allowHttp && scheme.equals("http"))) {
            throw new Refused(allowHttp ? "must be an absolute http or https URL"
                    : "must be an absolute https URL (plain http is off: fm.notify.webhooks.allow-http)");
        }
        if (uri.getHost() == null) {
            throw new Refused("has no valid host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry a user name or password before the host");
        }
        String host = normalizeHost(uri.getHost());
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(a -> host.equals(a) || host.endsWith("." + a))) {
            throw new Refused("host " + host + " is not in the allowed hosts (fm.notify.webhooks.allowed-hosts)");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new Refused("host " + host + " does not resolve");
        }
        boolean literal = host.contains(":") || host.matches("[0-9.]+");
        // every address, not just the first: a name with one public and one private record is refused
        for (InetAddress a : addresses) {
            String reason = nonPublicReason(a);
            if (reason != null && allowedNetworks.stream().noneMatch(n -> n.contains(a.getAddress()))) {
                throw new Refused(literal ? "host " + host + " is " + reason
                        : "host " + host + " resolves to " + a.getHostAddress() + ", " + reason);
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        return new Target(uri, host, port, tls, addresses.get(0));
    }

    /** Why this address is not a public one ("a loopback address" …), or null when it is. */
    static String nonPublicReason(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Cidr range : NON_PUBLIC) {
            if (range.contains(bytes)) {
                return range.reason();
            }
        }
        if (address instanceof Inet6Address) {
            byte[] v4 = null;
            if (EMBEDS_IPV4_AT_12.stream().anyMatch(r -> r.contains(bytes))) {
                v4 = Arrays.copyOfRange(bytes, 12, 16);
            } else if (SIX_TO_FOUR.contains(bytes)) {
                v4 = Arrays.copyOfRange(bytes, 2, 6);
            }
            if (v4 != null) {
                try {
                    String reason = nonPublicReason(Inet4Address.getByAddress(v4));
                    return reason == null ? null : reason + " (as IPv4 inside IPv6)";
                } catch (UnknownHostException e) {
                    return "an unusable address";
                }
            }
        }
        return null;
    }

    private static String normalizeHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
