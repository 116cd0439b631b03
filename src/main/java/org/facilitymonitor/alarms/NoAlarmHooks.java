package org.facilitymonitor.alarms;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Used until work orders and notifications provide their own {@link AlarmHooks}. */
@DefaultBean
@ApplicationScoped
public class NoAlarmHooks implements AlarmHooks {
}
