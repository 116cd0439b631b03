package org.facilitymonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook guard alone, with a resolver the test controls (and the system one where it says so). */
class WebhookGuardTest {

    /** Answers per host; each lookup takes the next answer, the last one repeats (a rebinding DNS server). */
    private static final class FakeResolver implements HostResolver {
        private final Map<String, List<List<InetAddress>>> answers = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        FakeResolver answer(String host, String... addresses) throws UnknownHostException {
            List<InetAddress> list = new ArrayList<>();
            for (String a : addresses) {
                list.add(InetAddress.getByName(a));
            }
            answers.computeIfAbsent(host, h -> new ArrayList<>()).add(list);
            return this;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            lookups.add(host);
            List<List<InetAddress>> queue = answers.get(host);
            if (queue == null) {
                // IP literals resolve to themselves without DNS; any other unknown name does not resolve
                if (host.matches("[0-9a-fA-F:.]+")) {
                    return List.of(InetAddress.getByName(host));
                }
                throw new UnknownHostException(host);
            }
            return queue.size() > 1 ? queue.remove(0) : queue.get(0);
        }
    }

    private static String refusal(WebhookGuard guard, String url) {
        try {
            guard.check(url);
        } catch (WebhookGuard.Refused e) {
            return e.getMessage();
        }
        throw new AssertionError(url + " was accepted");
    }

    private static WebhookGuard guard(HostResolver resolver) {
        return new WebhookGuard(false, List.of(), List.of(), resolver);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://127.0.0.1/hook|host 127.0.0.1 is a loopback address",
            "https://127.1.2.3:8086/api/v2/query|host 127.1.2.3 is a loopback address",
            "https://169.254.169.254/latest/meta-data/|host 169.254.169.254 is a link-local address",
            "https://10.0.0.1/|host 10.0.0.1 is a private address",
            "https://172.31.255.1/|host 172.31.255.1 is a private address",
            "https://192.168.1.10/|host 192.168.1.10 is a private address",
            "https://100.64.0.1/|host 100.64.0.1 is a carrier-grade NAT address",
            "https://0.0.0.0/|host 0.0.0.0 is an unspecified address",
            "https://224.0.0.251/|host 224.0.0.251 is a multicast address",
            "https://[::1]/|host ::1 is a loopback address",
            "https://[::]/|host :: is an unspecified address",
            "https://[fe80::1]/|host fe80::1 is a link-local address",
            "https://[fd12:3456::1]/|host fd12:3456::1 is a private address",
            "https://[ff02::1]/|host ff02::1 is a multicast address",
            "https://[::ffff:127.0.0.1]/|host ::ffff:127.0.0.1 is a loopback address",
            "https://[64:ff9b::a9fe:a9fe]/|host 64:ff9b::a9fe:a9fe is a link-local address (as IPv4 inside IPv6)",
            "https://[2002:a00:1::]/|host 2002:a00:1:: is a private address (as IPv4 inside IPv6)"
    })
    void nonPublicAddressesAreRefused(String url, String reason) {
        assertThat(refusal(guard(new FakeResolver()), url)).isEqualTo(reason);
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() throws Exception {
        FakeResolver dns = new FakeResolver().answer("hooks.example.org", "93.184.215.14")
                .answer("sneaky.example.org", "93.184.215.14", "10.1.2.3")
                .answer("loop.example.org", "127.0.0.1");
        WebhookGuard guard = guard(dns);

        WebhookGuard.Target target = guard.check("https://hooks.example.org/services/T0/B0/secret?x=1");
        assertThat(target.address().getHostAddress()).isEqualTo("93.184.215.14");
        assertThat(target.host()).isEqualTo("hooks.example.org");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.tls()).isTrue();
        assertThat(target.requestUri()).isEqualTo("/services/T0/B0/secret?x=1");
        assertThat(refusal(guard, "https://sneaky.example.org/"))
                .isEqualTo("host sneaky.example.org resolves to 10.1.2.3, a private address");
        assertThat(refusal(guard, "https://loop.example.org/"))
                .isEqualTo("host loop.example.org resolves to 127.0.0.1, a loopback address");
        assertThat(refusal(guard, "https://nowhere.example.org/")).isEqualTo("host nowhere.example.org does not resolve");
    }

    /** What the channel relies on: every check resolves afresh, and the target is the address that passed. */
    @Test
    void aNameThatResolvesElsewhereLaterIsRefusedThen() throws Exception {
        FakeResolver dns = new FakeResolver().answer("rebind.example.org", "93.184.215.14")
                .answer("rebind.example.org", "169.254.169.254");
        WebhookGuard guard = guard(dns);

        assertThat(guard.check("https://rebind.example.org/hook").address().getHostAddress()).isEqualTo("93.184.215.14");
        assertThat(refusal(guard, "https://rebind.example.org/hook"))
                .isEqualTo("host rebind.example.org resolves to 169.254.169.254, a link-local address");
        assertThat(dns.lookups).containsExactly("rebind.example.org", "rebind.example.org");
    }

    @Test
    void namesOfTheLoopbackAreRefusedByTheSystemResolver() {
        WebhookGuard guard = guard(new DnsHostResolver());
        assertThat(refusal(guard, "https://localhost/")).isEqualTo("host localhost resolves to 127.0.0.1, a loopback address");
        // the system resolver may answer *.localhost with the loopback or not at all: refused either way
        assertThat(refusal(guard, "https://influx.localhost:8086/api/v2/query"))
                .isIn("host influx.localhost resolves to 127.0.0.1, a loopback address",
                        "host influx.localhost does not resolve");
        assertThat(refusal(guard, "https://2130706433/")).contains("a loopback address");
    }

    @Test
    void httpsOnlyUnlessTheLabSettingAllowsHttp() throws Exception {
        FakeResolver dns = new FakeResolver().answer("hooks.example.org", "93.184.215.14");
        assertThat(refusal(guard(dns), "http://hooks.example.org/"))
                .isEqualTo("must be an absolute https URL (plain http is off: fm.notify.webhooks.allow-http)");
        assertThat(refusal(guard(dns), "ftp://hooks.example.org/")).startsWith("must be an absolute https URL");
        assertThat(refusal(guard(dns), "/relative/hook")).startsWith("must be an absolute https URL");
        WebhookGuard lab = new WebhookGuard(true, List.of(), List.of(), dns);
        WebhookGuard.Target target = lab.check("http://hooks.example.org/");
        assertThat(target.tls()).isFalse();
        assertThat(target.port()).isEqualTo(80);
        assertThat(refusal(lab, "ftp://hooks.example.org/")).isEqualTo("must be an absolute http or https URL");
        assertThat(refusal(lab, "http://127.0.0.1:8086/")).isEqualTo("host 127.0.0.1 is a loopback address");
    }

    @Test
    void theAllowListAdmitsItsHostsAndTheirSubdomainsOnly() throws Exception {
        FakeResolver dns = new FakeResolver().answer("hooks.slack.com", "34.1.1.1").answer("slack.com", "34.1.1.2")
                .answer("evilslack.com", "34.1.1.3").answer("slack.com.evil.org", "34.1.1.4");
        WebhookGuard guard = new WebhookGuard(false, List.of("Slack.com."), List.of(), dns);

        assertThat(guard.check("https://hooks.slack.com/services/x").address().getHostAddress()).isEqualTo("34.1.1.1");
        assertThat(guard.check("https://slack.com/x").address().getHostAddress()).isEqualTo("34.1.1.2");
        assertThat(refusal(guard, "https://evilslack.com/x"))
                .isEqualTo("host evilslack.com is not in the allowed hosts (fm.notify.webhooks.allowed-hosts)");
        assertThat(refusal(guard, "https://slack.com.evil.org/x")).contains("not in the allowed hosts");
        assertThat(refusal(guard, "https://slack.com@evil.org/x")).isEqualTo("must not carry a user name or password before the host");
        assertThat(refusal(new WebhookGuard(false, List.of(), List.of(), dns), "https://user:pw@hooks.slack.com/x"))
                .isEqualTo("must not carry a user name or password before the host");
    }

    @Test
    void allowedNetworksAdmitThoseAddressesOnly() throws Exception {
        FakeResolver dns = new FakeResolver().answer("chat.plant.lan", "10.20.0.5").answer("db.plant.lan", "10.21.0.5");
        WebhookGuard guard = new WebhookGuard(false, List.of(), List.of("10.20.0.0/16"), dns);

        assertThat(guard.check("https://chat.plant.lan/hook").address().getHostAddress()).isEqualTo("10.20.0.5");
        assertThat(refusal(guard, "https://db.plant.lan/hook"))
                .isEqualTo("host db.plant.lan resolves to 10.21.0.5, a private address");
        assertThat(refusal(guard, "https://127.0.0.1/")).isEqualTo("host 127.0.0.1 is a loopback address");
        assertThatThrownBy(() -> new WebhookGuard(false, List.of(), List.of("intranet.lan/8"), dns))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP network");
    }

    @Test
    void headerTextIsRefusedOrFlattened() {
        assertThat(HeaderText.hasControl("Boiler\r\nBcc: x@evil.org")).isTrue();
        assertThat(HeaderText.hasControl("Boiler\u2028x")).isTrue();
        assertThat(HeaderText.hasControl("Boiler\u0085x")).isTrue();
        assertThat(HeaderText.hasControl("Kesselhaus Süd – Brenner 1")).isFalse();
        assertThat(HeaderText.singleLine("Boiler 1\r\n\r\nBcc: x@evil.org\t ")).isEqualTo("Boiler 1 Bcc: x@evil.org");
    }
}
