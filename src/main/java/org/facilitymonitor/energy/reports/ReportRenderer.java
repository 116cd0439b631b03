package org.facilitymonitor.energy.reports;

import io.quarkus.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a report to a file. A Chinese PDF needs a CJK font ({@code fm.energy.reports.pdf-fonts});
 * without one the PDF is written in English, with a warning in the log and in the PDF.
 */
@ApplicationScoped
public class ReportRenderer {

    @Inject
    ReportsConfig config;

    private final Map<ReportLanguage, Optional<PdfFonts.FontFile>> fonts = new EnumMap<>(ReportLanguage.class);

    @PostConstruct
    void findFonts() {
        fonts.put(ReportLanguage.EN, PdfFonts.find(config.pdfFonts(), false));
        fonts.put(ReportLanguage.ZH_CN, PdfFonts.find(config.pdfFonts(), true));
        if (fonts.get(ReportLanguage.ZH_CN).isEmpty()) {
            Log.warnf("no CJK font among %s (Debian: fonts-wqy-microhei): Chinese PDF reports are written in English",
                    config.pdfFonts());
        }
    }

    public byte[] render(EnergyReport report, ReportFormat format) {
        return render(report, format, fonts);
    }

    static byte[] render(EnergyReport report, ReportFormat format, Map<ReportLanguage, Optional<PdfFonts.FontFile>> fonts) {
        ReportText text = new ReportText(report.header().language());
        return switch (format) {
            case CSV -> CsvReportWriter.write(report, text);
            case XLSX -> XlsxReportWriter.write(report, text);
            case PDF -> pdf(report, text, fonts);
        };
    }

    private static byte[] pdf(EnergyReport report, ReportText text, Map<ReportLanguage, Optional<PdfFonts.FontFile>> fonts) {
        ReportLanguage language = report.header().language();
        Optional<PdfFonts.FontFile> font = fonts.getOrDefault(language, Optional.empty());
        if (font.isEmpty() && language != ReportLanguage.EN) {
            Log.warnf("PDF report of %s in %s written in English: no font for the language", report.header().site(),
                    language.tag());
            ReportText english = new ReportText(ReportLanguage.EN);
            return PdfReportWriter.write(report, english, fonts.getOrDefault(ReportLanguage.EN, Optional.empty()),
                    english.get("fontFallback"));
        }
        return PdfReportWriter.write(report, text, font, null);
    }

    /** e.g. {@code energy-report-demo-campus-2026-09-01_2026-10-01-en.pdf}. */
    public static String fileName(EnergyReport report, ReportFormat format) {
        var h = report.header();
        return "energy-report-" + h.site() + "-" + h.from() + "_" + h.to() + "-" + h.language().tag() + "."
                + format.extension();
    }
}
