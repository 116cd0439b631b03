package org.facilitymonitor.energy.reports;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.energy.reports.DueReports.Due;
import org.facilitymonitor.notify.Attachment;
import org.facilitymonitor.platform.InstanceId;

/**
 * Sends the reports subscriptions are owed ({@link DueReports}), on every instance: a report is
 * built only for recipients nobody has claimed yet, and {@link ReportDelivery} lets one run claim
 * each (subscription, period, recipient). The e-mails then go through the notification outbox.
 */
@ApplicationScoped
public class ReportJob {

    @Inject
    SubscriptionService subscriptions;
    @Inject
    ReportDelivery delivery;
    @Inject
    ReportAssembler assembler;
    @Inject
    ReportRenderer renderer;
    @Inject
    ReportRegistry registry;
    @Inject
    ReportsConfig config;
    @Inject
    Clock clock;

    @Scheduled(cron = "{fm.energy.reports.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            Log.warnf("report subscriptions: run interrupted, the next run catches up: %s", e.getMessage());
        }
    }

    /** Enqueues every report owed now; answers how many e-mails this run enqueued. */
    public int sendDue() {
        Instant now = clock.instant();
        Map<String, Optional<ReportRegistry.SiteInfo>> sites = new HashMap<>();
        int enqueued = 0;
        for (ReportSubscription s : subscriptions.enabled()) {
            Optional<ReportRegistry.SiteInfo> site = sites.computeIfAbsent(s.siteId, registry::site);
            if (site.isEmpty()) {
                continue;
            }
            Optional<Due> due = DueReports.due(new DueReports.Subscription(s.id, s.dayOfMonth, s.createdAt, site.get().zone()),
                    now);
            if (due.isPresent()) {
                try {
                    enqueued += send(s, site.get(), due.get());
                } catch (RuntimeException e) {
                    Log.warnf("report subscription %d (%s): not sent this run: %s", s.id, due.get(), e.getMessage());
                }
            }
        }
        return enqueued;
    }

    private int send(ReportSubscription s, ReportRegistry.SiteInfo site, Due due) {
        Map<String, String> addresses = delivery.unclaimed(s, due.from());
        if (addresses.isEmpty()) {
            return 0;
        }
        ReportLanguage language = ReportLanguage.ofTag(s.language).orElse(ReportLanguage.EN);
        EnergyReport report = assembler.assemble(s.siteId, due.from(), due.to(), language, Set.of(s.departments));
        List<Attachment> files = new ArrayList<>();
        for (String f : s.formats) {
            ReportFormat format = ReportFormat.of(f).orElseThrow();
            files.add(new Attachment(ReportRenderer.fileName(report, format), format.contentType(),
                    renderer.render(report, format)));
        }
        ReportText text = new ReportText(language);
        String month = YearMonth.from(due.from()).toString();
        List<String> claimed = delivery.claimAndEnqueue(s, due.from(), due.to(), addresses,
                text.get("mail.subject", site.name(), month), text.get("mail.body", site.name(), month), files,
                instanceId());
        if (claimed.isEmpty()) {
            Log.debugf("report subscription %d: %s report already claimed by another run", s.id, month);
        } else {
            Log.infof("report subscription %d: %s report of %s enqueued for %s", s.id, month, s.siteId, claimed);
        }
        return claimed.size();
    }

    private String instanceId() {
        return InstanceId.of(config.instanceId());
    }
}
