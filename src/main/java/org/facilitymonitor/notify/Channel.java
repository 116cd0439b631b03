package org.facilitymonitor.notify;

/** How a notification reaches someone. */
public enum Channel {
    /** E-mail through the configured SMTP server (quarkus-mailer). */
    EMAIL,
    /** JSON POST to the recipient's webhook URL. */
    WEBHOOK,
    /** The site's alert topic {@code fm/v1/{site}/alerts/{severity}} for crew apps (one message per event). */
    MQTT
}
