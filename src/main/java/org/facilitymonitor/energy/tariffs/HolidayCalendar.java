package org.facilitymonitor.energy.tariffs;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;

/** A site's holidays and swapped working days; every other Saturday and Sunday is a weekend day. */
public record HolidayCalendar(Map<LocalDate, HolidayKind> days) {

    public static final HolidayCalendar NONE = new HolidayCalendar(Map.of());

    public HolidayCalendar {
        days = Map.copyOf(days);
    }

    public DayType dayType(LocalDate day) {
        HolidayKind kind = days.get(day);
        if (kind == HolidayKind.HOLIDAY) {
            return DayType.HOLIDAY;
        }
        if (kind == HolidayKind.WORKDAY) {
            return DayType.WORKDAY;
        }
        DayOfWeek dow = day.getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? DayType.WEEKEND : DayType.WORKDAY;
    }
}
