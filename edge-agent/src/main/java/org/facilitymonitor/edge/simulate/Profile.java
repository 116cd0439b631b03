package org.facilitymonitor.edge.simulate;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.facilitymonitor.edge.site.Building;

/** How a building is used over the week: occupancy 0..1 by local hour, weekday and weekend. */
public enum Profile {
    OFFICE(new double[] {.05, .05, .05, .05, .05, .05, .15, .45, .85, 1, 1, 1, .85, 1, 1, 1, .85, .6, .3, .15, .07, .05,
            .05, .05},
            new double[] {.05, .05, .05, .05, .05, .05, .05, .05, .06, .08, .08, .08, .08, .08, .08, .08, .06, .05, .05,
                    .05, .05, .05, .05, .05}),
    DORM(new double[] {.55, .4, .4, .4, .4, .4, .5, .8, .65, .3, .3, .3, .3, .3, .3, .3, .4, .6, .8, 1, 1, 1, 1, .8},
            new double[] {.7, .7, .45, .45, .45, .45, .45, .45, .6, .6, .6, .55, .55, .55, .55, .55, .55, .7, 1, 1, 1, 1,
                    1, .85}),
    CANTEEN(new double[] {.05, .05, .05, .05, .05, .05, .2, .4, .4, .4, .6, .9, 1, .9, .5, .3, .15, .05, .05, .05, .05,
            .05, .05, .05},
            new double[] {.05, .05, .05, .05, .05, .05, .05, .05, .1, .1, .15, .3, .3, .3, .15, .05, .05, .05, .05, .05,
                    .05, .05, .05, .05});

    private final double[] weekday;
    private final double[] weekend;

    Profile(double[] weekday, double[] weekend) {
        this.weekday = weekday;
        this.weekend = weekend;
    }

    /** Occupancy 0..1, interpolated between the hourly values. */
    public double occupancy(ZonedDateTime local) {
        boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
        double[] table = weekend ? this.weekend : weekday;
        int h = local.getHour();
        double frac = (local.getMinute() * 60 + local.getSecond()) / 3600.0;
        return table[h] + (table[(h + 1) % 24] - table[h]) * frac;
    }

    public static Profile of(Building building) {
        String s = (building.id() + " " + building.name()).toLowerCase(Locale.ROOT);
        if (s.contains("dorm") || s.contains("resid") || s.contains("housing")) {
            return DORM;
        }
        if (s.contains("canteen") || s.contains("kitchen") || s.contains("dining") || s.contains("cater")) {
            return CANTEEN;
        }
        return OFFICE;
    }
}
