package org.facilitymonitor.energy.reports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "fm.energy.reports")
public interface ReportsConfig {

    /**
     * When the subscription job looks for due reports (Quarkus cron, or {@code off}). Hourly, so a
     * report goes out early on its day in every site's time zone, and a missed run is caught up.
     */
    @WithDefault("0 5 * * * ?")
    String cron();

    /** Meters listed per carrier under "top consumers". */
    @WithDefault("10")
    int topConsumers();

    /** Longest period a report may cover, in days (a downloaded report is built while the client waits). */
    @WithDefault("400")
    int maxPeriodDays();

    /**
     * TrueType fonts (.ttf or .ttc) for PDF text, tried in order; the first that has the report
     * language's characters is used. Defaults: WenQuanYi Micro Hei (Debian fonts-wqy-microhei, CJK and
     * Latin) and DejaVu Sans (fonts-dejavu-core).
     */
    @WithDefault("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc,/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    List<String> pdfFonts();

    /** Instance name recorded with each delivery claim; host:pid when empty. */
    Optional<String> instanceId();
}
