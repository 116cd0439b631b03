package org.facilitymonitor.notify;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Plain-text e-mail through quarkus-mailer (SMTP settings: quarkus.mailer.*), with the event's attachments (e.g. a report's files). */
@ApplicationScoped
class EmailChannel implements NotificationChannel {

    @Inject
    ReactiveMailer mailer;
    @Inject
    NotifyConfig config;
    @Inject
    OutboxStore store;

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public void send(Delivery d) throws UndeliverableException {
        if (HeaderText.hasControl(d.address())) {
            throw new UndeliverableException("the e-mail address contains a line break or control character");
        }
        Mail mail = Mail.withText(d.address(), subject(d), text(d))
                .addHeader("X-FM-Event-Key", HeaderText.singleLine(d.eventKey()))
                .addHeader("X-FM-Delivery", String.valueOf(d.id()));
        for (Attachment a : store.attachments(d.eventKey())) {
            mail.addAttachment(a.fileName(), a.content(), a.contentType());
        }
        mailer.send(mail).await().atMost(config.sendTimeout());
    }

    /** One line whatever the subject was built from (alarm titles, asset and rule names): no header injection. */
    static String subject(Delivery d) {
        return HeaderText.singleLine("[" + d.severity() + "] " + d.subject());
    }

    static String text(Delivery d) {
        return d.body() + "\n\n--\nSite: " + d.site() + "\nSeverity: " + d.severity() + "\nKind: " + d.kind()
                + "\nEvent: " + d.eventKey() + "\n";
    }
}
