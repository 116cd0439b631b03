package org.facilitymonitor.energy.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.Header;
import org.facilitymonitor.energy.reports.ReportTables.Cell;
import org.facilitymonitor.energy.reports.ReportTables.Table;

/**
 * The report as one RFC 4180 CSV file (commons-csv), UTF-8 with a byte-order mark so spreadsheet
 * programs read Chinese labels right. Blocks: a record {@code # <section key>, <title>}, a header
 * record with the labels in the report's language, the rows; numbers plain ({@code 1234.5}, shares as
 * fractions) so that they parse back exactly; a section not configured has the record
 * {@code NOT_CONFIGURED, <label>} instead of a header and rows, a section with nothing in it (savings,
 * opportunities) the record {@code NONE, <sentence>}.
 */
final class CsvReportWriter {

    static final String BLOCK_MARKER = "# ";
    /** First field of the one record of a section with nothing in it (no interventions, no opportunities). */
    static final String NONE = "NONE";

    private CsvReportWriter() {
    }

    static byte[] write(EnergyReport report, ReportText t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
        try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
            Header h = report.header();
            csv.printRecord(BLOCK_MARKER + "report", t.get("title"));
            csv.printRecord("site", h.site(), h.siteName());
            csv.printRecord("period", h.from(), h.to());
            csv.printRecord("timezone", h.timezone());
            csv.printRecord("language", h.language().tag());
            csv.printRecord("generated", h.generatedAt());
            csv.printRecord("departments", String.join(" ", h.departmentFilter()));
            for (Table table : ReportTables.of(report, t)) {
                csv.println();
                csv.printRecord(BLOCK_MARKER + table.key(), table.title());
                if (table.status() == FigureStatus.NOT_CONFIGURED) {
                    csv.printRecord(FigureStatus.NOT_CONFIGURED.name(), t.get("notConfigured"));
                    continue;
                }
                if (table.saysEmpty()) {
                    csv.printRecord(NONE, table.empty());
                    continue;
                }
                csv.printRecord(table.columns());
                for (List<Cell> row : table.rows()) {
                    List<String> values = new ArrayList<>(row.size());
                    row.forEach(c -> values.add(plain(c)));
                    csv.printRecord(values);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String plain(Cell c) {
        if (c.value() == null) {
            return "";
        }
        if (c.kind() == ReportTables.CellKind.TEXT) {
            return (String) c.value();
        }
        return BigDecimal.valueOf((Double) c.value()).stripTrailingZeros().toPlainString();
    }
}
