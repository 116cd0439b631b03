package org.facilitymonitor.energy.reports;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.facilitymonitor.energy.reports.EnergyReport.ConsumptionRow;
import org.facilitymonitor.energy.reports.EnergyReport.CostRow;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.Header;
import org.facilitymonitor.energy.reports.EnergyReport.Scope;
import org.facilitymonitor.energy.reports.ReportTables.Cell;
import org.facilitymonitor.energy.reports.ReportTables.Table;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report as a PDF (PDFBox) on A4 landscape pages: the header, bar charts (JFreeChart, drawn
 * to images) of consumption per building for each carrier and of the cost by tariff period, then
 * every section as a table with figures formatted for the report's locale (columns as wide as their
 * texts where the page allows; a long text column, such as an opportunity's evidence, on a line of
 * its own below its row). Text is set in the
 * embedded TrueType font found by {@link PdfFonts}; without one, in Helvetica with characters it
 * cannot show replaced by '?'.
 */
final class PdfReportWriter implements Closeable {

    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN = 40;
    private static final float ROW = 12;
    private static final float TABLE_SIZE = 8;

    private final PDDocument doc = new PDDocument();
    private final ReportText t;
    private final PDFont font;
    private final Font chartFont;
    private final List<Closeable> resources = new ArrayList<>();
    private final Map<Integer, Boolean> showable = new HashMap<>();
    private PDPageContentStream page;
    private float y;

    PdfReportWriter(ReportText text, Optional<PdfFonts.FontFile> fontFile) throws IOException {
        this.t = text;
        if (fontFile.isPresent()) {
            PdfFonts.FontFile f = fontFile.get();
            if (f.collection()) {
                TrueTypeCollection collection = new TrueTypeCollection(f.file().toFile());
                resources.add(collection);
                this.font = PDType0Font.load(doc, collection.getFontByName(f.name()), true);
            } else {
                this.font = PDType0Font.load(doc, f.file().toFile());
            }
            this.chartFont = awtFont(f);
        } else {
            this.font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            this.chartFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        }
    }

    static byte[] write(EnergyReport report, ReportText text, Optional<PdfFonts.FontFile> fontFile, String note) {
        try (PdfReportWriter w = new PdfReportWriter(text, fontFile)) {
            return w.render(report, note);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] render(EnergyReport report, String note) throws IOException {
        newPage();
        Header h = report.header();
        line(t.get("title") + ": " + h.siteName(), 16, MARGIN);
        y -= 6;
        line(t.get("site") + ": " + h.siteName() + " (" + h.site() + ")", 10, MARGIN);
        line(t.get("period") + ": " + t.get("periodRange", t.date(h.from()), t.date(h.to())), 10, MARGIN);
        line(t.get("timezone") + ": " + h.timezone() + "    " + t.get("generated") + ": "
                + t.dateTime(h.generatedAt(), java.time.ZoneId.of(h.timezone())), 10, MARGIN);
        line(t.get("departmentsFilter") + ": "
                + (h.departmentFilter().isEmpty() ? t.get("allDepartments") : String.join(", ", h.departmentFilter())), 10,
                MARGIN);
        if (note != null) {
            line(note, 10, MARGIN);
        }
        y -= 8;
        for (String carrier : carriers(report.buildings())) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            report.buildings().stream().filter(b -> b.carrier().equals(carrier))
                    .forEach(b -> data.addValue(b.consumption(), t.carrier(carrier), b.name()));
            chart(ChartFactory.createBarChart(t.get("chart.buildings", t.carrier(carrier), Carriers.unit(carrier)), null,
                    Carriers.unit(carrier), data, PlotOrientation.HORIZONTAL, false, false, false));
        }
        if (report.costs().status() == FigureStatus.AVAILABLE && !report.costs().rows().isEmpty()) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            Map<String, Double> byComponent = new LinkedHashMap<>();
            for (CostRow r : report.costs().rows()) {
                if (r.scope() == Scope.SITE) {
                    byComponent.merge(t.get("component." + r.component()), r.amount(), Double::sum);
                }
            }
            byComponent.forEach((component, amount) -> data.addValue(amount, "cost", component));
            chart(ChartFactory.createBarChart(t.get("chart.costs", report.costs().currency()), null,
                    report.costs().currency(), data, PlotOrientation.VERTICAL, false, false, false));
        }
        for (Table table : ReportTables.of(report, t)) {
            table(table);
            if (table.key().equals("costs") && report.costs().status() == FigureStatus.AVAILABLE) {
                for (String carrier : report.costs().rows().stream().map(CostRow::carrier).distinct()
                        .sorted(Carriers.COMPARATOR).toList()) {
                    line(t.get("costTotal", t.carrier(carrier), t.number(report.costs().siteTotal(carrier)),
                            report.costs().currency()), 10, MARGIN);
                }
            }
        }
        page.close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    private static List<String> carriers(List<ConsumptionRow> rows) {
        return rows.stream().map(ConsumptionRow::carrier).distinct().sorted(Carriers.COMPARATOR).toList();
    }

    private void table(Table table) throws IOException {
        if (y < MARGIN + 5 * ROW) {
            newPage();
        }
        y -= 6;
        line(table.title(), 12, MARGIN);
        if (table.status() == FigureStatus.NOT_CONFIGURED) {
            line(t.get("notConfigured"), 10, MARGIN);
            return;
        }
        if (table.rows().isEmpty()) {
            line(table.empty() != null ? table.empty() : t.get("noData"), 10, MARGIN);
            return;
        }
        int detail = table.detailColumn();
        List<String> head = new ArrayList<>(table.columns());
        if (detail >= 0) {
            head.remove(detail);
        }
        List<List<String>> texts = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (List<Cell> cells : table.rows()) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (i != detail) {
                    row.add(safe(format(cells.get(i))));
                }
            }
            texts.add(row);
            details.add(detail >= 0 ? format(cells.get(detail)) : "");
        }
        float[] widths = widths(head, texts);
        row(head, widths, true);
        for (int r = 0; r < texts.size(); r++) {
            String detailText = details.get(r);
            if (y < MARGIN + (detailText.isEmpty() ? ROW : 2 * ROW)) {
                newPage();
                row(head, widths, true);
            }
            row(texts.get(r), widths, false);
            if (!detailText.isEmpty()) {
                // a long text (evidence, why there is no model) on a line of its own, labelled with its column
                y -= ROW;
                float x = MARGIN + 12;
                text(fit(safe(t.get("detailLabel", table.columns().get(detail), detailText)), PAGE.getWidth() - MARGIN - x), TABLE_SIZE, x, y);
            }
        }
    }

    /**
     * Column widths: each column as wide as its widest text where the page allows, the columns that
     * need more sharing the rest equally (never narrower than an equal share of the page).
     */
    private float[] widths(List<String> head, List<List<String>> rows) throws IOException {
        int n = head.size();
        float[] natural = new float[n];
        for (int i = 0; i < n; i++) {
            natural[i] = textWidth(safe(head.get(i)));
            for (List<String> row : rows) {
                natural[i] = Math.max(natural[i], textWidth(row.get(i)));
            }
            natural[i] += 6;
        }
        float[] widths = new float[n];
        boolean[] set = new boolean[n];
        float left = PAGE.getWidth() - 2 * MARGIN;
        int open = n;
        boolean changed = true;
        while (changed && open > 0) {
            changed = false;
            float share = left / open;
            for (int i = 0; i < n; i++) {
                if (!set[i] && natural[i] <= share) {
                    widths[i] = natural[i];
                    set[i] = true;
                    left -= natural[i];
                    open--;
                    changed = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            widths[i] = set[i] ? widths[i] + (open == 0 ? left / n : 0) : left / open;
        }
        return widths;
    }

    private float textWidth(String s) throws IOException {
        return font.getStringWidth(s) / 1000 * TABLE_SIZE;
    }

    private String format(Cell c) {
        if (c.value() == null) {
            return "–";
        }
        return switch (c.kind()) {
            case TEXT -> (String) c.value();
            case NUMBER -> t.number((Double) c.value());
            case SHARE -> t.share((Double) c.value());
        };
    }

    private void row(List<String> texts, float[] widths, boolean header) throws IOException {
        y -= ROW;
        float x = MARGIN;
        for (int i = 0; i < texts.size(); i++) {
            text(fit(safe(texts.get(i)), widths[i] - 4), TABLE_SIZE, x, y);
            x += widths[i];
        }
        if (header) {
            page.setStrokingColor(Color.GRAY);
            page.moveTo(MARGIN, y - 3);
            page.lineTo(PAGE.getWidth() - MARGIN, y - 3);
            page.stroke();
        }
    }

    private void chart(JFreeChart chart) throws IOException {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(chartFont.deriveFont(Font.BOLD, 14f));
        theme.setLargeFont(chartFont.deriveFont(Font.PLAIN, 12f));
        theme.setRegularFont(chartFont.deriveFont(Font.PLAIN, 11f));
        theme.setSmallFont(chartFont.deriveFont(Font.PLAIN, 10f));
        theme.apply(chart);
        if (chart.getPlot() instanceof CategoryPlot plot && plot.getRenderer() instanceof BarRenderer bars) {
            bars.setMaximumBarWidth(0.12);
            bars.setBarPainter(new StandardBarPainter());
            bars.setSeriesPaint(0, new Color(0x2f, 0x6d, 0xb5));
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        float w = PAGE.getWidth() - 2 * MARGIN;
        float h = 180;
        if (y - h < MARGIN) {
            newPage();
        }
        // Drawn at the page size and rendered at twice the resolution: text keeps its point size, stays sharp.
        BufferedImage image = chart.createBufferedImage((int) (w * 2), (int) (h * 2), w, h, null);
        PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
        y -= h;
        page.drawImage(xobject, MARGIN, y, w, h);
        y -= 8;
    }

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage p = new PDPage(PAGE);
        doc.addPage(p);
        page = new PDPageContentStream(doc, p);
        y = PAGE.getHeight() - MARGIN;
    }

    private void line(String s, float size, float x) throws IOException {
        y -= size + 4;
        text(safe(s), size, x, y);
    }

    private void text(String s, float size, float x, float atY) throws IOException {
        if (s.isEmpty()) {
            return;
        }
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, atY);
        page.showText(s);
        page.endText();
    }

    /** Cuts the text to the column width (with an ellipsis). */
    private String fit(String s, float width) throws IOException {
        if (font.getStringWidth(s) / 1000 * TABLE_SIZE <= width) {
            return s;
        }
        String cut = s;
        while (!cut.isEmpty() && font.getStringWidth(cut + "...") / 1000 * TABLE_SIZE > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    /** The text with every character the font has no glyph for replaced by '?'. */
    private String safe(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp == '\u00a0' || cp == '\u202f' ? ' ' : cp));
            boolean ok = showable.computeIfAbsent(cp, k -> {
                try {
                    font.encode(ch);
                    return true;
                } catch (IOException | IllegalArgumentException e) {
                    return false;
                }
            });
            out.append(ok ? ch : "?");
        });
        return out.toString();
    }

    private static Font awtFont(PdfFonts.FontFile f) {
        try {
            for (Font candidate : Font.createFonts(f.file().toFile())) {
                if (candidate.getPSName().equals(f.name()) || candidate.getFontName().equals(f.name())) {
                    return candidate.deriveFont(12f);
                }
            }
            return Font.createFonts(f.file().toFile())[0].deriveFont(12f);
        } catch (IOException | FontFormatException e) {
            return new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            doc.close();
        } finally {
            for (Closeable c : resources) {
                c.close();
            }
        }
    }
}
