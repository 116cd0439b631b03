package org.facilitymonitor.energy.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;
import org.facilitymonitor.energy.reports.EnergyReport.Change;
import org.facilitymonitor.energy.reports.EnergyReport.Comparison;
import org.facilitymonitor.energy.reports.EnergyReport.ConsumptionRow;
import org.facilitymonitor.energy.reports.EnergyReport.CostComponent;
import org.facilitymonitor.energy.reports.EnergyReport.CostRow;
import org.facilitymonitor.energy.reports.EnergyReport.Costs;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.Header;
import org.facilitymonitor.energy.reports.EnergyReport.Opportunity;
import org.facilitymonitor.energy.reports.EnergyReport.Quality;
import org.facilitymonitor.energy.reports.EnergyReport.Quotas;
import org.facilitymonitor.energy.reports.EnergyReport.SavingsRow;
import org.facilitymonitor.energy.reports.EnergyReport.Scope;
import org.facilitymonitor.energy.reports.EnergyReport.TopConsumer;
import org.junit.jupiter.api.Test;

/** A hand-made report rendered to CSV, XLSX and PDF in both languages and read back with the recipients' tools. */
class ReportRenderingTest {

    private static final List<String> DEFAULT_FONTS = List.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    /** Office 1234.5 + dorm 2000.25 kWh; office 10.5 m³ water; costs 120 + 300 + 133.48 + 25 (electricity) + 21 (water). */
    static EnergyReport report(ReportLanguage language, Quotas quotas) {
        Header header = new Header("demo-campus", "Demo Campus", "Europe/Berlin", LocalDate.of(2026, 9, 1),
                LocalDate.of(2026, 10, 1), language, Instant.parse("2026-10-05T06:05:00Z"), List.of());
        List<ConsumptionRow> totals = List.of(new ConsumptionRow("demo-campus", "Demo Campus", "electricity", "kWh", 3234.75),
                new ConsumptionRow("demo-campus", "Demo Campus", "water", "m³", 10.5));
        List<ConsumptionRow> buildings = List.of(new ConsumptionRow("dorm", "Dormitory", "electricity", "kWh", 2000.25),
                new ConsumptionRow("office", "Office building", "electricity", "kWh", 1234.5),
                new ConsumptionRow("office", "Office building", "water", "m³", 10.5));
        List<ConsumptionRow> departments = List.of(
                new ConsumptionRow("administration", "Administration", "electricity", "kWh", 734.5),
                new ConsumptionRow("administration", "Administration", "water", "m³", 10.5),
                new ConsumptionRow("facilities", "Facilities management", "electricity", "kWh", 2500.25));
        Costs costs = new Costs(FigureStatus.AVAILABLE, "EUR", List.of(
                new CostRow(Scope.SITE, "demo-campus", "electricity", CostComponent.PEAK, null, 400, 120),
                new CostRow(Scope.SITE, "demo-campus", "electricity", CostComponent.FLAT, null, 1500, 300),
                new CostRow(Scope.SITE, "demo-campus", "electricity", CostComponent.VALLEY, null, 1334.75, 133.48),
                new CostRow(Scope.SITE, "demo-campus", "electricity", CostComponent.FIXED, null, 0, 25),
                new CostRow(Scope.SITE, "demo-campus", "water", CostComponent.TIER, "1", 10.5, 21)));
        List<Change> changes = List.of(new Change(Scope.SITE, "demo-campus", "Demo Campus", "electricity", "kWh", 3234.75,
                Comparison.of(LocalDate.of(2026, 8, 1), LocalDate.of(2026, 9, 1), 3000, 3234.75),
                Comparison.of(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 10, 1), 0, 3234.75)));
        List<TopConsumer> top = List.of(
                new TopConsumer(1, "dorm-elec-main-energy", "dorm-elec-main", "Dormitory main", "dorm", "electricity", "kWh",
                        2000.25),
                new TopConsumer(2, "office-elec-main-energy", "office-elec-main", "Office main", "office", "electricity",
                        "kWh", 500));
        List<Quality> quality = List.of(new Quality("electricity", 3, 90, 3, 3 / 90.0, 0.99));
        return new EnergyReport(header, totals, buildings, departments, costs, quotas, changes, top, quality, SAVINGS,
                OPPORTUNITIES);
    }

    /** LED retrofit: 812.5 kWh (203.13 EUR) this month, 2400.75 ± 300 to date; the chiller has no model. */
    static final List<SavingsRow> SAVINGS = List.of(
            new SavingsRow(7, "LED retrofit", "BUILDING", "office", "Office building", "electricity", LocalDate.of(2026, 6, 1),
                    812.5, 2400.75, 2100.75, 2700.75, 203.13, "EUR", 0.91, 0.082, 0.125, null),
            new SavingsRow(8, "Chiller tuning", "METER", "dorm-elec-main-energy", "dorm-elec-main-energy", "electricity",
                    LocalDate.of(2026, 9, 15), null, null, null, null, null, null, null, null, null,
                    "FAIL: fewer than 90 % of the baseline days have use"));

    /** A known kind, a kind another change adds, and one no text knows. */
    static final List<Opportunity> OPPORTUNITIES = List.of(
            new Opportunity(1, "AFTER_HOURS", "dorm-elec-main-energy", "Dormitory main", "dorm", "Dormitory", "electricity",
                    26071.43, 6517.86, "EUR", "lights on after hours: 2000 kWh in 28 days"),
            new Opportunity(2, "PEAK_DEMAND", "office-elec-main-energy", "Office main", "office", "Office building",
                    "electricity", 17520, 4380.0, "EUR", "peak demand 120 kW"),
            new Opportunity(3, "SOMETHING_NEW", "office-elec-main-energy", "Office main", "office", "Office building",
                    "electricity", 100, null, null, "a kind the report has no text for"));

    static EnergyReport empty(ReportLanguage language) {
        EnergyReport r = report(language, Quotas.notConfigured());
        return new EnergyReport(r.header(), r.totals(), r.buildings(), r.departments(), r.costs(), r.quotas(), r.changes(),
                r.topConsumers(), r.quality());
    }

    private static Map<ReportLanguage, Optional<PdfFonts.FontFile>> fonts(boolean cjk) {
        Map<ReportLanguage, Optional<PdfFonts.FontFile>> fonts = new EnumMap<>(ReportLanguage.class);
        fonts.put(ReportLanguage.EN, PdfFonts.find(DEFAULT_FONTS, false));
        fonts.put(ReportLanguage.ZH_CN, cjk ? PdfFonts.find(DEFAULT_FONTS, true) : Optional.empty());
        return fonts;
    }

    @Test
    void csvParsesBackToTheReportsFigures() throws Exception {
        byte[] csv = ReportRenderer.render(report(ReportLanguage.EN, Quotas.notConfigured()), ReportFormat.CSV, fonts(true));
        Map<String, List<CSVRecord>> blocks = ReportFiles.csvBlocks(csv);
        assertThat(blocks.keySet()).containsExactly("report", "totals", "buildings", "departments", "costs", "quotas",
                "changes", "top", "quality", "savings", "opportunities");
        assertThat(blocks.get("buildings").get(0).toList()).containsExactly("Id", "Name", "Carrier", "Unit", "Consumption");
        assertThat(ReportFiles.csvSum(blocks, "buildings", 4, 2, "Electricity")).isEqualTo(3234.75, within(1e-9));
        assertThat(ReportFiles.csvSum(blocks, "departments", 4, 2, "Electricity")).isEqualTo(3234.75, within(1e-9));
        assertThat(ReportFiles.csvSum(blocks, "costs", 6, 2, "Electricity")).isEqualTo(578.48, within(1e-9));
        assertThat(blocks.get("quotas").get(0).toList()).containsExactly("NOT_CONFIGURED", "Not configured");
        CSVRecord change = blocks.get("changes").get(1);
        assertThat(change.get(6)).as("change against the previous period").isEqualTo("234.75");
        assertThat(change.get(7)).as("in percent").isEqualTo("7.825");
        assertThat(change.get(10)).as("no percent against a year without data").isEmpty();
        assertThat(blocks.get("report").get(1).toList()).containsExactly("period", "2026-09-01", "2026-10-01");
    }

    @Test
    void chineseCsvKeepsItsLabelsAndTheSameFigures() throws Exception {
        byte[] csv = ReportRenderer.render(report(ReportLanguage.ZH_CN, Quotas.notConfigured()), ReportFormat.CSV, fonts(true));
        Map<String, List<CSVRecord>> blocks = ReportFiles.csvBlocks(csv);
        assertThat(blocks.get("buildings").get(0).toList()).containsExactly("编号", "名称", "能源类型", "单位", "用量");
        assertThat(ReportFiles.csvSum(blocks, "buildings", 4, 2, "电")).isEqualTo(3234.75, within(1e-9));
        assertThat(blocks.get("quotas").get(0).toList()).containsExactly("NOT_CONFIGURED", "未配置");
    }

    @Test
    void xlsxHasOneSheetPerSectionWithNumericCells() throws Exception {
        byte[] xlsx = ReportRenderer.render(report(ReportLanguage.EN, Quotas.notConfigured()), ReportFormat.XLSX, fonts(true));
        assertThat(ReportFiles.sheetNames(xlsx)).containsExactly("Energy report", "Site totals", "Consumption by building",
                "Consumption by department", "Cost by tariff period", "Quota status",
                "Change on period and year", "Top consumers", "Data quality", "Savings", "Where the waste is");
        assertThat(ReportFiles.xlsxSum(xlsx, 2, 4, 2, "Electricity")).isEqualTo(3234.75, within(1e-9));
        assertThat(ReportFiles.xlsxSum(xlsx, 2, 4, 2, "Water")).isEqualTo(10.5, within(1e-9));
        assertThat(ReportFiles.xlsxSum(xlsx, 4, 6, 2, null)).isEqualTo(599.48, within(1e-9));
        assertThat(ReportFiles.cellText(xlsx, 5, 0, 0)).isEqualTo("Not configured");
    }

    @Test
    void xlsxInChinese() throws Exception {
        byte[] xlsx = ReportRenderer.render(report(ReportLanguage.ZH_CN, Quotas.notConfigured()), ReportFormat.XLSX, fonts(true));
        assertThat(ReportFiles.sheetNames(xlsx)).startsWith("能源报告", "全站合计", "各建筑用量");
        assertThat(ReportFiles.xlsxSum(xlsx, 2, 4, 2, "电")).isEqualTo(3234.75, within(1e-9));
    }

    @Test
    void pdfShowsTheFiguresAndCharts() throws Exception {
        byte[] pdf = ReportRenderer.render(report(ReportLanguage.EN, Quotas.notConfigured()), ReportFormat.PDF, fonts(true));
        String text = ReportFiles.pdfText(pdf);
        assertThat(text).contains("Energy report: Demo Campus", "Consumption by building", "Dormitory", "2,000.25",
                "1,234.5", "3,234.75", "Cost by tariff period", "133.48", "Total cost, Electricity: 578.48 EUR", "Quota status", "Not configured", "7.83",
                "Sep 1, 2026");
        assertThat(ReportFiles.pdfImages(pdf)).as("charts: electricity and water by building, cost by period").isEqualTo(3);
    }

    @Test
    void chinesePdfWithTheCjkFont() throws Exception {
        assumeTrue(PdfFonts.find(DEFAULT_FONTS, true).isPresent(), "fonts-wqy-microhei not installed");
        byte[] pdf = ReportRenderer.render(report(ReportLanguage.ZH_CN, Quotas.notConfigured()), ReportFormat.PDF, fonts(true));
        String text = ReportFiles.pdfText(pdf);
        assertThat(text).contains("能源报告", "各建筑用量", "3,234.75", "未配置", "峰", "谷");
    }

    @Test
    void chinesePdfWithoutACjkFontIsWrittenInEnglish() throws Exception {
        byte[] pdf = ReportRenderer.render(report(ReportLanguage.ZH_CN, Quotas.notConfigured()), ReportFormat.PDF, fonts(false));
        String text = ReportFiles.pdfText(pdf);
        assertThat(text).contains("Energy report: Demo Campus", "Chinese font not installed", "3,234.75")
                .doesNotContain("能源报告");
    }

    @Test
    void pdfWithoutAnyFontFileFallsBackToHelvetica() throws Exception {
        Map<ReportLanguage, Optional<PdfFonts.FontFile>> none = new EnumMap<>(ReportLanguage.class);
        byte[] pdf = ReportRenderer.render(report(ReportLanguage.ZH_CN, Quotas.notConfigured()), ReportFormat.PDF, none);
        assertThat(ReportFiles.pdfText(pdf)).contains("Energy report", "3,234.75", "m³");
    }

    @Test
    void csvCarriesTheSavingsAndTheOpportunities() throws Exception {
        Map<String, List<CSVRecord>> blocks = ReportFiles.csvBlocks(
                ReportRenderer.render(report(ReportLanguage.EN, Quotas.notConfigured()), ReportFormat.CSV, fonts(true)));
        List<CSVRecord> savings = blocks.get("savings");
        assertThat(savings.get(0).toList()).containsExactly("Intervention", "Scope", "Carrier", "Effective from",
                "Avoided (kWh)", "To date (kWh)", "To date 90 % low", "To date 90 % high", "Avoided cost", "Currency",
                "Adjusted R²", "CV(RMSE)", "FSU", "Note");
        assertThat(savings.get(1).toList()).containsExactly("LED retrofit", "Building Office building", "Electricity",
                "2026-06-01", "812.5", "2400.75", "2100.75", "2700.75", "203.13", "EUR", "0.91", "0.082", "0.125", "");
        assertThat(savings.get(2).toList()).containsExactly("Chiller tuning", "Meter dorm-elec-main-energy", "Electricity",
                "2026-09-15", "", "", "", "", "", "", "", "", "",
                "No baseline model: FAIL: fewer than 90 % of the baseline days have use");
        List<CSVRecord> waste = blocks.get("opportunities");
        assertThat(waste.get(0).toList()).containsExactly("Rank", "Kind", "Meter point", "Asset", "Building", "Carrier",
                "kWh a year", "Cost a year", "Currency", "Evidence");
        assertThat(waste.subList(1, waste.size())).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(6) + " " + r.get(7))
                .containsExactly("1 Use after hours 26071.43 6517.86", "2 Peak demand 17520 4380",
                        "3 SOMETHING_NEW 100 ");
        assertThat(waste.get(1).get(9)).isEqualTo("lights on after hours: 2000 kWh in 28 days");
        assertThat(ReportFiles.csvSum(blocks, "opportunities", 6, 5, "Electricity")).isEqualTo(43691.43, within(1e-9));
    }

    @Test
    void everyWasteKindHasAChineseName() {
        ReportText zh = new ReportText(ReportLanguage.ZH_CN);
        ReportText en = new ReportText(ReportLanguage.EN);
        List<String> kinds = List.of("AFTER_HOURS", "BASE_LOAD_CREEP", "HEATING_ABOVE_BALANCE_POINT", "PEER_BASE_LOAD",
                "SIMULTANEOUS_HEATING_COOLING", "PEAK_DEMAND");
        assertThat(kinds).extracting(zh::wasteKind).containsExactly("非工作时间用能", "基础负荷攀升", "高于平衡点温度仍供暖",
                "基础负荷高于同类", "同时供暖与制冷", "需量峰值过高");
        assertThat(kinds).extracting(en::wasteKind).containsExactly("Use after hours", "Base load creep",
                "Heating above the balance point", "Base load above peers", "Simultaneous heating and cooling", "Peak demand");
        for (var kind : org.facilitymonitor.energy.waste.WasteFinder.Kind.values()) {
            assertThat(zh.wasteKind(kind.name())).as("Chinese name of the finder's kind " + kind).isNotEqualTo(kind.name());
            assertThat(en.wasteKind(kind.name())).as("English name of the finder's kind " + kind).isNotEqualTo(kind.name());
        }
        assertThat(zh.wasteKind("SOMETHING_NEW")).isEqualTo("SOMETHING_NEW");
    }

    @Test
    void emptySectionsSaySoInOneLine() throws Exception {
        Map<String, List<CSVRecord>> blocks = ReportFiles.csvBlocks(
                ReportRenderer.render(empty(ReportLanguage.EN), ReportFormat.CSV, fonts(true)));
        assertThat(blocks.get("savings")).singleElement().extracting(CSVRecord::toList)
                .isEqualTo(List.of("NONE", "No interventions in this period"));
        assertThat(blocks.get("opportunities")).singleElement().extracting(CSVRecord::toList)
                .isEqualTo(List.of("NONE", "No waste opportunities found"));
        byte[] xlsx = ReportRenderer.render(empty(ReportLanguage.ZH_CN), ReportFormat.XLSX, fonts(true));
        assertThat(ReportFiles.cellText(xlsx, 9, 0, 0)).isEqualTo("本期无节能措施");
        assertThat(ReportFiles.cellText(xlsx, 10, 0, 0)).isEqualTo("未发现节能机会");
        assertThat(ReportFiles.pdfText(ReportRenderer.render(empty(ReportLanguage.EN), ReportFormat.PDF, fonts(true))))
                .contains("Savings", "No interventions in this period", "Where the waste is", "No waste opportunities found");
    }

    @Test
    void xlsxSavingsAndOpportunitiesAreNumbers() throws Exception {
        byte[] xlsx = ReportRenderer.render(report(ReportLanguage.ZH_CN, Quotas.notConfigured()), ReportFormat.XLSX, fonts(true));
        assertThat(ReportFiles.sheetNames(xlsx)).endsWith("节能量", "能源浪费分析");
        assertThat(ReportFiles.xlsxSum(xlsx, 9, 4, 0, "LED retrofit")).isEqualTo(812.5, within(1e-9));
        assertThat(ReportFiles.xlsxSum(xlsx, 10, 6, 5, "电")).isEqualTo(43691.43, within(1e-9));
        assertThat(ReportFiles.cellText(xlsx, 10, 1, 1)).isEqualTo("非工作时间用能");
        assertThat(ReportFiles.cellText(xlsx, 10, 2, 1)).isEqualTo("需量峰值过高");
        assertThat(ReportFiles.cellText(xlsx, 9, 2, 13)).isEqualTo("无基线模型：FAIL: fewer than 90 % of the baseline days have use");
    }

    @Test
    void pdfShowsTheSavingsAndTheEvidenceOnLinesOfTheirOwn() throws Exception {
        String text = ReportFiles.pdfText(
                ReportRenderer.render(report(ReportLanguage.EN, Quotas.notConfigured()), ReportFormat.PDF, fonts(true)));
        assertThat(text).contains("Savings", "812.5", "2,400.75", "203.13", "12.5%", "Where the waste is", "Use after hours",
                "26,071.43", "Evidence: lights on after hours: 2000 kWh in 28 days", "SOMETHING_NEW",
                "Note: No baseline model: FAIL: fewer than 90 % of the baseline days have use");
    }

    @Test
    void chinesePdfHasTheTranslatedSections() throws Exception {
        assumeTrue(PdfFonts.find(DEFAULT_FONTS, true).isPresent(), "fonts-wqy-microhei not installed");
        String text = ReportFiles.pdfText(
                ReportRenderer.render(report(ReportLanguage.ZH_CN, Quotas.notConfigured()), ReportFormat.PDF, fonts(true)));
        assertThat(text).contains("节能量", "能源浪费分析", "非工作时间用能", "需量峰值过高", "812.5",
                "依据：lights on after hours", "说明：无基线模型：FAIL");
        assertThat(ReportFiles.pdfText(ReportRenderer.render(empty(ReportLanguage.ZH_CN), ReportFormat.PDF, fonts(true))))
                .contains("本期无节能措施", "未发现节能机会");
    }
}
