package org.facilitymonitor.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.facilitymonitor.rules.Severity;

@ConfigMapping(prefix = "fm.notify")
public interface NotifyConfig {

    /** Send what is in the outbox; off leaves notifications queued (enqueueing always works). */
    @WithDefault("true")
    boolean dispatchEnabled();

    /** How often each instance looks for due outbox rows. */
    @WithDefault("2s")
    String dispatchInterval();

    /** Most rows one instance sends per dispatch run. */
    @WithDefault("100")
    int maxPerRun();

    /**
     * How long a claimed row is reserved for its sender. Longer than {@link #sendTimeout()}: a row
     * is sent again only after its sender's lease expired (the sender crashed or hung).
     */
    @WithDefault("PT2M")
    Duration lease();

    /** Longest wait for one send (SMTP, HTTP response, MQTT PUBACK) before it counts as failed. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** Attempts per delivery before it is DEAD (listed by the REST API, counted, not retried). */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failed attempt; doubled after each further failure. */
    @WithDefault("PT10S")
    Duration retryInitialDelay();

    /** Longest wait between two attempts. */
    @WithDefault("PT15M")
    Duration retryMaxDelay();

    /** Name of this instance in claimed rows (default: host name and process id). */
    Optional<String> instanceId();

    /** Alerts on fm/v1/{site}/alerts/{severity}. */
    Mqtt mqtt();

    /** Repeated reminders for unacknowledged alarms. */
    Reminders reminders();

    /** Where webhooks may point (checked when saved and again at every connect). */
    Webhooks webhooks();

    interface Webhooks {
        /** Accept plain http webhook URLs (a lab without TLS); off: https only. */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * Host names webhooks may point at; an entry also admits its subdomains ({@code example.org}
         * admits {@code hooks.example.org}). Empty: any host whose addresses are public.
         */
        Optional<List<String>> allowedHosts();

        /**
         * Networks (CIDR, e.g. {@code 10.20.0.0/16}) a webhook may reach although they are private,
         * loopback or link-local: an on-premises chat server. Empty: public addresses only.
         */
        Optional<List<String>> allowedNetworks();
    }

    interface Mqtt {
        /** Connect a publishing MQTT client at start-up (client id: fm.mqtt.client-id + "-notify"). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Reminders {
        /** Ask {@code UnacknowledgedAlarms} for alarms to remind about. */
        @WithDefault("true")
        boolean enabled();

        /** How often to check. */
        @WithDefault("60s")
        String checkInterval();

        /** Time from the alarm (first reminder) or from the previous reminder to the next one. */
        @WithDefault("PT15M")
        Duration interval();

        /** Reminders per alarm at most. */
        @WithDefault("8")
        int maxCount();

        /** Only alarms at least this severe get reminders. */
        @WithDefault("CRITICAL")
        Severity minSeverity();
    }
}
