package org.facilitymonitor.notify;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Plain-text e-mail through quarkus-mailer (SMTP settings: quarkus.mailer.*). */
@ApplicationScoped
class EmailChannel implements NotificationChannel {

    @Inject
    ReactiveMailer mailer;
    @Inject
    NotifyConfig config;

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public void send(Delivery d) {
        Mail mail = Mail.withText(d.address(), subject(d), text(d))
                .addHeader("X-FM-Event-Key", d.eventKey())
                .addHeader("X-FM-Delivery", String.valueOf(d.id()));
        mailer.send(mail).await().atMost(config.sendTimeout());
    }

    static String subject(Delivery d) {
        return "[" + d.severity() + "] " + d.subject();
    }

    static String text(Delivery d) {
        return d.body() + "\n\n--\nSite: " + d.site() + "\nSeverity: " + d.severity() + "\nKind: " + d.kind()
                + "\nEvent: " + d.eventKey() + "\n";
    }
}
