package org.facilitymonitor.energy.reports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Reads rendered reports back, the way a recipient's tools would: commons-csv, Apache POI, PDFBox text extraction. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** CSV blocks by section key ("buildings", ...): the records after the block marker (header first). */
    public static Map<String, List<CSVRecord>> csvBlocks(byte[] csv) throws IOException {
        String text = new String(csv, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, List<CSVRecord>> blocks = new LinkedHashMap<>();
        List<CSVRecord> current = null;
        for (CSVRecord r : CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get().parse(new StringReader(text))) {
            if (r.get(0).startsWith("# ")) {
                current = new ArrayList<>();
                blocks.put(r.get(0).substring(2), current);
            } else if (current != null) {
                current.add(r);
            }
        }
        return blocks;
    }

    /** Sum of a numeric column of a CSV block, optionally only rows whose column {@code filterColumn} equals {@code filter}. */
    public static double csvSum(Map<String, List<CSVRecord>> blocks, String block, int column, int filterColumn, String filter) {
        return blocks.get(block).stream().skip(1).filter(r -> filter == null || r.get(filterColumn).equals(filter))
                .mapToDouble(r -> Double.parseDouble(r.get(column))).sum();
    }

    /** Sum of a column of a sheet (below its header row), optionally filtered; fails on a numeric figure stored as text. */
    public static double xlsxSum(byte[] xlsx, int sheetIndex, int column, int filterColumn, String filter) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(sheetIndex);
            double sum = 0;
            for (Row row : sheet) {
                if (row.getRowNum() == 0) {
                    continue;
                }
                if (filter != null && !filter.equals(row.getCell(filterColumn).getStringCellValue())) {
                    continue;
                }
                Cell cell = row.getCell(column);
                if (cell.getCellType() != CellType.NUMERIC) {
                    throw new AssertionError("sheet " + sheet.getSheetName() + " row " + row.getRowNum() + " column " + column
                            + " is " + cell.getCellType() + ", not a number");
                }
                sum += cell.getNumericCellValue();
            }
            return sum;
        }
    }

    public static List<String> sheetNames(byte[] xlsx) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            return names;
        }
    }

    public static String cellText(byte[] xlsx, int sheetIndex, int row, int column) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            return wb.getSheetAt(sheetIndex).getRow(row).getCell(column).getStringCellValue();
        }
    }

    public static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    public static int pdfImages(byte[] pdf) throws IOException {
        int images = 0;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (var page : doc.getPages()) {
                for (var name : page.getResources().getXObjectNames()) {
                    if (page.getResources().isImageXObject(name)) {
                        images++;
                    }
                }
            }
        }
        return images;
    }
}
