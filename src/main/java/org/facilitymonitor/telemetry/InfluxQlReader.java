package org.facilitymonitor.telemetry;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.InfluxQLQueryResult;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.platform.ProblemException;

/**
 * Runs InfluxQL queries that select {@code time} and one column named {@code value}, in millisecond
 * precision, against the telemetry database. InfluxDB being unreachable or refusing the query is a
 * 503 problem for the caller's client.
 */
@ApplicationScoped
public class InfluxQlReader {

    /** One row: its time in epoch milliseconds and its value as InfluxDB printed it. */
    public record Row(long timeMs, String value) {

        public double asDouble() {
            return Double.parseDouble(value);
        }
    }

    @Inject
    InfluxDBClient client;
    @Inject
    TelemetryConfig config;

    /** Every row of every series the query returns, in the order InfluxDB sent them; rows without a value are skipped. */
    public List<Row> rows(String query) {
        List<Row> rows = new ArrayList<>();
        for (Object[] record : records(query)) {
            if (record[0] != null) {
                rows.add(new Row(Long.parseLong(record[0].toString()), record[1].toString()));
            }
        }
        return rows;
    }

    /** The value of the first row, or 0 when the query returns none (no readings in the range). */
    public double single(String query) {
        List<Object[]> records = records(query);
        return records.isEmpty() ? 0 : Double.parseDouble(records.get(0)[1].toString());
    }

    /**
     * Every record of every series, all columns by name ({@code time} in epoch milliseconds), in the
     * order InfluxDB sent them; several statements separated by {@code ;} run in one request.
     */
    public List<Map<String, Object>> table(String query) {
        List<Map<String, Object>> rows = new ArrayList<>();
        InfluxQLQueryResult result = run(query);
        if (result == null) {
            return rows;
        }
        for (InfluxQLQueryResult.Result r : result.getResults()) {
            for (InfluxQLQueryResult.Series series : r.getSeries()) {
                for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
                    Map<String, Object> row = new HashMap<>();
                    for (String column : series.getColumns().keySet()) {
                        Object value = record.getValueByKey(column);
                        if (value != null && !value.toString().isEmpty()) {
                            row.put(column, "time".equals(column) ? Long.parseLong(value.toString()) : value);
                        }
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** One row of a grouped query: its series' tags, its time in epoch milliseconds, and every other column as InfluxDB printed it. */
    public record SeriesRow(Map<String, String> tags, long timeMs, Map<String, String> columns) {

        /** The column as a number; 0 when it is absent (e.g. a sum over no values). */
        public double number(String column) {
            String v = columns.get(column);
            return v == null || v.isEmpty() ? 0 : Double.parseDouble(v);
        }
    }

    /** Every row of every series with the series' tags (GROUP BY tags), in the order InfluxDB sent them. */
    public List<SeriesRow> seriesRows(String query) {
        List<SeriesRow> rows = new ArrayList<>();
        InfluxQLQueryResult result = run(query);
        if (result == null) {
            return rows;
        }
        for (InfluxQLQueryResult.Result r : result.getResults()) {
            for (InfluxQLQueryResult.Series series : r.getSeries()) {
                Map<String, String> tags = series.getTags() == null ? Map.of() : Map.copyOf(series.getTags());
                for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
                    Map<String, String> columns = new HashMap<>();
                    long time = 0;
                    for (String column : series.getColumns().keySet()) {
                        Object value = record.getValueByKey(column);
                        if ("time".equals(column)) {
                            time = value == null ? 0 : Long.parseLong(value.toString());
                        } else if (value != null) {
                            columns.put(column, value.toString());
                        }
                    }
                    rows.add(new SeriesRow(tags, time, columns));
                }
            }
        }
        return rows;
    }

    /** Receives the rows of {@link #visit}: the series' measurement and tags, and a column getter. */
    @FunctionalInterface
    public interface RowVisitor {
        void row(String measurement, Map<String, String> tags, java.util.function.Function<String, Object> column);
    }

    /**
     * Hands every row of every series to the visitor, in the order InfluxDB sent them (statement by
     * statement, series by series), without copying them; {@code time} is in epoch milliseconds.
     */
    public void visit(String query, RowVisitor visitor) {
        InfluxQLQueryResult result = run(query);
        if (result == null) {
            return;
        }
        for (InfluxQLQueryResult.Result r : result.getResults()) {
            for (InfluxQLQueryResult.Series series : r.getSeries()) {
                Map<String, String> tags = series.getTags() == null ? Map.of() : series.getTags();
                for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
                    visitor.row(series.getName(), tags, record::getValueByKey);
                }
            }
        }
    }

    /** (time or null, value) of every record with a value. */
    private List<Object[]> records(String query) {
        InfluxQLQueryResult result = run(query);
        List<Object[]> records = new ArrayList<>();
        if (result == null) {
            return records;
        }
        for (InfluxQLQueryResult.Result r : result.getResults()) {
            for (InfluxQLQueryResult.Series series : r.getSeries()) {
                for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
                    Object value = record.getValueByKey("value");
                    if (value != null && !value.toString().isEmpty()) {
                        records.add(new Object[] { record.getValueByKey("time"), value });
                    }
                }
            }
        }
        return records;
    }

    private InfluxQLQueryResult run(String query) {
        Log.debugf("InfluxQL: %s", query);
        try {
            return client.getInfluxQLQueryApi().query(new InfluxQLQuery(query, config.database())
                    .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS));
        } catch (InfluxException e) {
            throw new ProblemException(503, "Telemetry store unavailable", "InfluxDB query failed: " + e.getMessage(),
                    List.of());
        }
    }
}
