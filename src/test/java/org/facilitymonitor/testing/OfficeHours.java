package org.facilitymonitor.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Sixteen weeks of an office meter's hourly figures ({@code consumption_1h} lines) ending before
 * {@code to}: a base load of 10 kWh/h, 12 in the last four weeks; +30 kWh/h on weekdays 7–19 h; and
 * in the last four weeks +25 kWh/h on weekday evenings 19–23 h (the lights left on).
 */
public final class OfficeHours {

    private OfficeHours() {
    }

    /** @param tags the line protocol tags after the measurement, e.g. {@code asset=…,building=…,carrier=electricity,point=…,site=…} */
    public static List<String> lightsLeftOnAndCreep(String tags, LocalDate to, ZoneId zone) {
        LocalDate recent = to.minusWeeks(4);
        List<String> lines = new ArrayList<>();
        for (Instant t = to.minusWeeks(16).atStartOfDay(zone).toInstant(); t.isBefore(to.atStartOfDay(zone).toInstant());
                t = t.plusSeconds(3600)) {
            LocalDateTime local = LocalDateTime.ofInstant(t, zone);
            boolean weekday = local.getDayOfWeek().getValue() <= 5;
            boolean late = !local.toLocalDate().isBefore(recent);
            int hour = local.getHour();
            double kwh = (late ? 12 : 10) + (weekday && hour >= 7 && hour < 19 ? 30 : 0)
                    + (late && weekday && hour >= 19 && hour < 23 ? 25 : 0);
            lines.add("consumption_1h," + tags + " value=" + kwh + ",energy_kwh=" + kwh + ",coverage=1.0 " + t.toEpochMilli());
        }
        return lines;
    }
}
