package org.facilitymonitor.energy.costs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.energy.rollup.Meter;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Where meter costs go: the month's bill in PostgreSQL ({@code energy_bill}, one row per meter and
 * month, overwritten), the daily amounts by tariff item in InfluxDB ({@code cost_1d}) for Grafana.
 */
@ApplicationScoped
public class CostStore {

    @Inject
    EntityManager em;
    @Inject
    TelemetryWriter writer;
    @Inject
    ObjectMapper json;

    /** Call inside a transaction. */
    public void saveBill(Meter m, MeterCosts costs, Instant computedAt) {
        try {
            em.createNativeQuery("""
                    insert into energy_bill (point_id, month, site_id, carrier, quantity, total, bill, computed_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    on conflict (point_id, month) do update set site_id = excluded.site_id, carrier = excluded.carrier,
                        quantity = excluded.quantity, total = excluded.total, bill = excluded.bill,
                        computed_at = excluded.computed_at
                    """).setParameter(1, m.pointId()).setParameter(2, costs.month().atDay(1))
                    .setParameter(3, m.siteId()).setParameter(4, m.carrier().name())
                    .setParameter(5, costs.bill().quantity())
                    .setParameter(6, costs.bill().total().setScale(6, RoundingMode.HALF_UP))
                    .setParameter(7, json.writeValueAsString(costs.bill())).setParameter(8, computedAt).executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bill of " + m.pointId() + " not serializable", e);
        }
    }

    public void writeDays(Meter m, MeterCosts costs) throws WriteFailure {
        String tags = ",building=" + m.buildingId() + ",carrier=" + m.carrier().tag() + ",item=";
        String point = ",point=" + m.pointId() + ",site=" + m.siteId() + " ";
        List<String> lines = new ArrayList<>();
        costs.days().forEach((day, items) -> items.forEach((item, v) -> lines.add("cost_1d" + tags
                + item.replace(' ', '-') + point + "quantity=" + v.quantity() + ",amount=" + v.amount().doubleValue()
                + " " + day.atStartOfDay(m.zone()).toInstant().toEpochMilli())));
        if (!lines.isEmpty()) {
            writer.write(lines);
        }
    }
}
