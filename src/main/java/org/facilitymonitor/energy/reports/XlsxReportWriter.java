package org.facilitymonitor.energy.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.Header;
import org.facilitymonitor.energy.reports.ReportTables.Cell;
import org.facilitymonitor.energy.reports.ReportTables.CellKind;
import org.facilitymonitor.energy.reports.ReportTables.Table;

/**
 * The report as an Excel workbook (Apache POI): a first sheet with the report's header, then one
 * sheet per section, headers in the report's language, figures as numeric cells (shares as
 * percentages) so that they add up in the spreadsheet.
 */
final class XlsxReportWriter {

    private XlsxReportWriter() {
    }

    static byte[] write(EnergyReport report, ReportText t) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle header = wb.createCellStyle();
            header.setFont(bold);
            CellStyle number = wb.createCellStyle();
            number.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            CellStyle share = wb.createCellStyle();
            share.setDataFormat(wb.createDataFormat().getFormat("0.0%"));

            Header h = report.header();
            Sheet info = wb.createSheet(WorkbookUtil.createSafeSheetName(t.get("title")));
            info.setColumnWidth(0, 20 * 256);
            info.setColumnWidth(1, 40 * 256);
            text(info.createRow(0), 0, t.get("title")).setCellStyle(header);
            infoRow(info, 1, t.get("site"), h.siteName() + " (" + h.site() + ")");
            infoRow(info, 2, t.get("period"), t.get("periodRange", h.from().toString(), h.to().toString()));
            infoRow(info, 3, t.get("timezone"), h.timezone());
            infoRow(info, 4, t.get("generated"), h.generatedAt().toString());
            infoRow(info, 5, t.get("departmentsFilter"),
                    h.departmentFilter().isEmpty() ? t.get("allDepartments") : String.join(", ", h.departmentFilter()));

            for (Table table : ReportTables.of(report, t)) {
                Sheet sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(table.title()));
                if (table.status() == FigureStatus.NOT_CONFIGURED) {
                    text(sheet.createRow(0), 0, t.get("notConfigured"));
                    sheet.setColumnWidth(0, 30 * 256);
                    continue;
                }
                if (table.saysEmpty()) {
                    text(sheet.createRow(0), 0, table.empty());
                    sheet.setColumnWidth(0, 40 * 256);
                    continue;
                }
                Row head = sheet.createRow(0);
                for (int c = 0; c < table.columns().size(); c++) {
                    text(head, c, table.columns().get(c)).setCellStyle(header);
                    sheet.setColumnWidth(c, 18 * 256);
                }
                int r = 1;
                for (List<Cell> cells : table.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < cells.size(); c++) {
                        Cell cell = cells.get(c);
                        if (cell.value() == null) {
                            continue;
                        }
                        if (cell.kind() == CellKind.TEXT) {
                            text(row, c, (String) cell.value());
                        } else {
                            var x = row.createCell(c);
                            x.setCellValue((Double) cell.value());
                            x.setCellStyle(cell.kind() == CellKind.SHARE ? share : number);
                        }
                    }
                }
                sheet.createFreezePane(0, 1);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void infoRow(Sheet sheet, int r, String label, String value) {
        Row row = sheet.createRow(r);
        text(row, 0, label);
        text(row, 1, value);
    }

    private static org.apache.poi.ss.usermodel.Cell text(Row row, int c, String value) {
        var cell = row.createCell(c);
        cell.setCellValue(value);
        return cell;
    }
}
