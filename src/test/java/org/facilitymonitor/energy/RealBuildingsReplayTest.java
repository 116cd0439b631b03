package org.facilitymonitor.energy;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.testing.EnergyRollups;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.junit.jupiter.api.Test;

/**
 * The real buildings' meter files of demo/reference-data replayed by the edge agent at their own
 * timestamps (moved by whole days into the historical window), through the broker and ingest, rolled
 * up: each UTC day's consumption equals the sum of the file's rows of that day, to 1e-9 relative.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class RealBuildingsReplayTest {

    private static final String SITE = """
            site: {id: ref-buildings, name: Reference buildings, timezone: UTC}
            buildings: [{id: ref-office, name: Office}, {id: ref-school, name: School}]
            assets:
              - {id: ref-office-meter, name: Office meter, kind: Building_Electrical_Meter, building: ref-office,
                 points: [{id: ref-office-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
              - {id: ref-school-meter, name: School meter, kind: Building_Electrical_Meter, building: ref-school,
                 points: [{id: ref-school-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
            """;
    private static final int OFFICE_SHIFT_DAYS = 4004;
    private static final int SCHOOL_SHIFT_DAYS = 2856;

    @InjectStack
    NativeStack stack;
    @jakarta.inject.Inject
    org.facilitymonitor.energy.anomalies.AnomalyService anomalies;
    @jakarta.inject.Inject
    org.facilitymonitor.alarms.AlarmService alarmService;

    @Test
    void dailyConsumptionOfEachReplayedFileEqualsTheFile() throws Exception {
        Path repo = NativeStack.repositoryRoot();
        Path jar = repo.resolve("edge-agent/target/edge-agent.jar");
        if (!Files.isRegularFile(jar)) {
            fail("the edge agent jar " + jar + " is missing: build it first (cd edge-agent && ./mvnw package"
                    + " -Dmaven.test.skip=true); bin/test-all does");
        }
        given().contentType("application/yaml").body(SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        stack.addMqttUser("ref-edge", StackTestResource.EDGE_PASSWORD);
        Path files = repo.resolve("demo/reference-data/real-buildings");
        Path dir = Files.createTempDirectory(repo.resolve("target"), "replay-agent");
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                site: ref-buildings
                edge: ref-edge
                broker: {url: "%s"}
                replay:
                  - {file: %s, time-column: time, value-column: eload, point: ref-office-energy, timestamps: recorded, shift: %dd}
                  - {file: %s, time-column: time, value-column: eload, point: ref-school-energy, timestamps: recorded, shift: %dd}
                queue: {dir: %s, drain-rate: 0}
                """.formatted(stack.mqttUrl(), files.resolve("eload_daily.csv"), OFFICE_SHIFT_DAYS,
                files.resolve("school_eload_hourly.csv"), SCHOOL_SHIFT_DAYS, dir.resolve("data")));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString(), "run", "--config", config.toString(), "--until-done", "true");
        pb.environment().keySet().removeIf(k -> k.startsWith("FM_AGENT_"));
        pb.environment().put("FM_AGENT_BROKER_PASSWORD", StackTestResource.EDGE_PASSWORD);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        Process agent = pb.start();
        if (!agent.waitFor(5, TimeUnit.MINUTES) || agent.exitValue() != 0) {
            agent.destroyForcibly();
            fail("the replaying agent did not finish cleanly: " + Files.readString(dir.resolve("agent.log")));
        }

        Map<LocalDate, Double> office = dailySums(files.resolve("eload_daily.csv"), OFFICE_SHIFT_DAYS);
        Map<LocalDate, Double> school = dailySums(files.resolve("school_eload_hourly.csv"), SCHOOL_SHIFT_DAYS);
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        long officeEnd = ((TreeMap<LocalDate, Double>) office).lastKey().plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
        long schoolEnd = ((TreeMap<LocalDate, Double>) school).lastKey().plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
        await().atMost(Duration.ofMinutes(2)).until(() -> influx.countWhere("\"point\" = 'ref-office-energy' AND time = "
                + officeEnd + "ms") == 1 && influx.countWhere("\"point\" = 'ref-school-energy' AND time = " + schoolEnd
                + "ms") == 1);
        EnergyRollups.awaitComputed(influx, "ref-school-energy", schoolEnd, MetricSource.IN_PROCESS);

        assertDaysEqual("ref-office-energy", office);
        assertDaysEqual("ref-school-energy", school);

        anInterventionOnTheReplayedOfficeSavesWhatTheFileSays(files, (TreeMap<LocalDate, Double>) office);
    }

    /**
     * An intervention on the replayed office meter, with the file's outdoor temperatures imported as
     * hourly values: its savings over the service's stored readings equal the CalTRACK analysis of the
     * files computed directly, to 1e-9 relative.
     */
    private void anInterventionOnTheReplayedOfficeSavesWhatTheFileSays(Path files, TreeMap<LocalDate, Double> office)
            throws IOException {
        List<String> rows = Files.readAllLines(files.resolve("temp_daily.csv"));
        TreeMap<Instant, Double> hourlyF = new TreeMap<>();
        StringBuilder csv = new StringBuilder("time,temperature\n");
        for (int i = 1; i + 1 < rows.size(); i++) {
            Instant start = Instant.parse(rows.get(i).split(",")[0]).plus(Duration.ofDays(OFFICE_SHIFT_DAYS));
            Instant end = Instant.parse(rows.get(i + 1).split(",")[0]).plus(Duration.ofDays(OFFICE_SHIFT_DAYS));
            double f = Double.parseDouble(rows.get(i).split(",")[1]);
            for (Instant h = start; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                hourlyF.put(h, f);
                csv.append(h).append(',').append(f).append('\n');
            }
        }
        given().contentType("text/csv").queryParam("unit", "degF").body(csv.toString())
                .post("/api/energy/sites/ref-buildings/weather/import").then().statusCode(200)
                .body("hours", org.hamcrest.Matchers.equalTo(hourlyF.size()));

        LocalDate effective = LocalDate.parse("2013-09-01").plusDays(OFFICE_SHIFT_DAYS);
        LocalDate to = effective.plusDays(365);
        long id = given().contentType("application/json").body(Map.of("siteId", "ref-buildings", "scope", "METER",
                        "scopeId", "ref-office-energy", "name", "Chiller plant optimisation", "effectiveOn", effective.toString(),
                        "cost", 25000, "currency", "EUR")).post("/api/energy/interventions")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        JsonPath json = givenDoubles().queryParam("to", to.toString()).get("/api/energy/interventions/" + id + "/savings")
                .then().statusCode(200).extract().jsonPath();

        LocalDate baselineFrom = effective.minusDays(365);
        double[] use = new double[730];
        for (int d = 0; d < use.length; d++) {
            use[d] = office.getOrDefault(baselineFrom.plusDays(d), Double.NaN);
        }
        var temps = org.facilitymonitor.energy.baseline.DailyTemperatures.utc(hourlyF, baselineFrom, to);
        var periods = org.facilitymonitor.energy.baseline.UsagePeriods.daily(baselineFrom, use, temps);
        var direct = org.facilitymonitor.energy.baseline.SavingsAnalysis.of(periods.subList(0, 365), periods.subList(365, 730),
                List.of(), new org.facilitymonitor.energy.weather.TypicalYear().dailyF(),
                org.facilitymonitor.energy.baseline.CaltrackFitter.Settings.daily());

        assertThat(json.getString("sufficiency.status")).as(json.getList("sufficiency.findings").toString()).isEqualTo("PASS");
        assertThat(json.getString("model.name")).isEqualTo(direct.model().name());
        assertThat(json.getInt("reportingDays")).isEqualTo(365);
        assertClose(json.getDouble("model.adjustedRSquared"), direct.model().adjustedRSquared());
        assertClose(json.getDouble("metered"), direct.metered());
        assertClose(json.getDouble("modelled"), direct.modelled());
        assertClose(json.getDouble("avoided"), direct.avoided());
        assertClose(json.getDouble("uncertainty90"), direct.uncertainty());
        assertClose(json.getDouble("normalYearSavings"), direct.normalYearSavings());
        assertClose(json.getDouble("daily[364].cumulative"), direct.avoided());
        assertThat(json.getDouble("avoided")).as("the analysis saw the replayed readings, not an empty meter").isNotZero();

        anomaliesOfTheFileRaiseOneAlarmAndANormalWeekNone(office, hourlyF);
    }

    /**
     * The daily anomaly check on the replayed office meter: the file's days judged directly give a
     * week without an anomaly and a first anomalous day after it; the service, checking the same days
     * from its stored readings, raises nothing for the week and one alarm for that day.
     */
    private void anomaliesOfTheFileRaiseOneAlarmAndANormalWeekNone(TreeMap<LocalDate, Double> office,
                                                                    TreeMap<Instant, Double> hourlyF) {
        var fitter = new org.facilitymonitor.energy.baseline.CaltrackFitter(
                org.facilitymonitor.energy.baseline.CaltrackFitter.Settings.daily());
        LocalDate first = office.firstKey().plusDays(365);
        LocalDate weekStart = null;
        LocalDate anomalyDay = null;
        int normalRun = 0;
        Map<LocalDate, Double> expected = new TreeMap<>();
        for (LocalDate day = first; !day.isAfter(office.lastKey()) && anomalyDay == null; day = day.plusDays(1)) {
            var verdict = directVerdict(office, hourlyF, day, fitter);
            if (verdict.isEmpty()) {
                normalRun = 0;
                continue;
            }
            expected.put(day, verdict.get().expected());
            if (verdict.get().anomalous()) {
                if (weekStart != null) {
                    anomalyDay = day;
                }
                normalRun = 0;
            } else if (++normalRun == 7 && weekStart == null) {
                weekStart = day.minusDays(6);
            }
        }
        assertThat(weekStart).as("a normal week in the file").isNotNull();
        assertThat(anomalyDay).as("an anomalous day in the file after it").isNotNull();

        for (LocalDate day = weekStart; day.isBefore(weekStart.plusDays(7)); day = day.plusDays(1)) {
            var outcome = anomalies.check("ref-buildings", day).stream()
                    .filter(o -> o.pointId().equals("ref-office-energy")).findFirst().orElseThrow();
            assertThat(outcome.check()).as("a verdict on " + day).isNotNull();
            assertClose(outcome.check().metered(), office.get(day));
            assertClose(outcome.check().expected(), expected.get(day));
            assertThat(outcome.action()).as(day.toString()).isEqualTo("NORMAL");
            assertThat(alarmService.countForRule(outcome.ruleId())).isZero();
        }
        var school = anomalies.check("ref-buildings", weekStart).stream()
                .filter(o -> o.pointId().equals("ref-school-energy")).findFirst().orElseThrow();
        assertThat(school.action()).as("the school's file holds no year before this day").isEqualTo("SKIPPED");

        var outcome = anomalies.check("ref-buildings", anomalyDay).stream()
                .filter(o -> o.pointId().equals("ref-office-energy")).findFirst().orElseThrow();
        assertThat(outcome.action()).isEqualTo("RAISED");
        assertClose(outcome.check().expected(), expected.get(anomalyDay));
        assertThat(alarmService.countForRule(outcome.ruleId())).isEqualTo(1);
        assertThat(anomalies.check("ref-buildings", anomalyDay).stream()
                .filter(o -> o.pointId().equals("ref-office-energy")).findFirst().orElseThrow().action())
                .as("the same day checked again").isEqualTo("ALREADY_ACTIVE");
        assertThat(alarmService.countForRule(outcome.ruleId())).isEqualTo(1);
    }

    private static java.util.Optional<org.facilitymonitor.energy.baseline.DailyAnomaly> directVerdict(
            TreeMap<LocalDate, Double> office, TreeMap<Instant, Double> hourlyF, LocalDate day,
            org.facilitymonitor.energy.baseline.CaltrackFitter fitter) {
        LocalDate from = day.minusDays(365);
        double[] use = new double[366];
        for (int d = 0; d < use.length; d++) {
            use[d] = office.getOrDefault(from.plusDays(d), Double.NaN);
        }
        var periods = org.facilitymonitor.energy.baseline.UsagePeriods.daily(from, use,
                org.facilitymonitor.energy.baseline.DailyTemperatures.utc(hourlyF, from, day.plusDays(1)));
        return org.facilitymonitor.energy.baseline.DailyAnomaly.check(periods.subList(0, 365), periods.get(365), 3, fitter);
    }

    private static void assertClose(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(expected), 1e-6));
    }

    private static void assertDaysEqual(String point, Map<LocalDate, Double> expected) {
        TreeMap<LocalDate, Double> days = new TreeMap<>(expected);
        JsonPath json = givenDoubles().queryParam("point", point).queryParam("interval", "1d")
                .queryParam("from", days.firstKey().toString()).queryParam("to", days.lastKey().plusDays(1).toString())
                .get("/api/energy/consumption").then().statusCode(200).extract().jsonPath();
        List<String> starts = json.getList("intervals.start");
        List<Double> values = json.getList("intervals.value", Double.class);
        assertThat(starts).as(point + ": one interval per day of the file").hasSize(days.size());
        double total = 0;
        int i = 0;
        for (var day : days.entrySet()) {
            assertThat(Instant.parse(starts.get(i)).atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(day.getKey());
            double tolerance = 1e-9 * Math.max(Math.abs(day.getValue()), 1e-3);
            assertThat(Math.abs(values.get(i) - day.getValue())).as(point + " on " + day.getKey())
                    .isLessThanOrEqualTo(tolerance);
            total += day.getValue();
            i++;
        }
        assertThat(Math.abs(json.getDouble("total") - total)).isLessThanOrEqualTo(1e-9 * total);
    }

    /**
     * The file's consumption per UTC day of its (shifted) timestamps, by the stated boundary rule: each
     * row is the consumption of [its timestamp, the next row's), the last row as long as the one before,
     * spread evenly over that time; nan and empty rows add nothing. The daily file's rows are 23 or 25
     * hours long around the DST changes of the recording, so its days are not the file's rows there.
     */
    private static Map<LocalDate, Double> dailySums(Path csv, int shiftDays) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int n = lines.size() - 1;
        long[] starts = new long[n + 1];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            String[] cols = lines.get(i + 1).split(",");
            starts[i] = Instant.parse(cols[0]).plus(Duration.ofDays(shiftDays)).toEpochMilli();
            values[i] = cols.length < 2 || cols[1].isBlank() || cols[1].equalsIgnoreCase("nan") ? 0
                    : Double.parseDouble(cols[1]);
        }
        starts[n] = starts[n - 1] + (starts[n - 1] - starts[n - 2]);
        Map<LocalDate, Double> sums = new TreeMap<>();
        long dayMs = Duration.ofDays(1).toMillis();
        for (int i = 0; i < n; i++) {
            for (long day = Math.floorDiv(starts[i], dayMs) * dayMs; day < starts[i + 1]; day += dayMs) {
                long overlap = Math.min(starts[i + 1], day + dayMs) - Math.max(starts[i], day);
                double share = overlap == starts[i + 1] - starts[i] ? values[i]
                        : values[i] * ((double) overlap / (starts[i + 1] - starts[i]));
                sums.merge(Instant.ofEpochMilli(day).atZone(ZoneOffset.UTC).toLocalDate(), share, Double::sum);
            }
        }
        return sums;
    }
}
