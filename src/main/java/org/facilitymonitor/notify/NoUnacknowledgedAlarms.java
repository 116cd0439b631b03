package org.facilitymonitor.notify;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Stands in until the alarms feature provides its {@link UnacknowledgedAlarms} bean (which replaces this one). */
@DefaultBean
@ApplicationScoped
class NoUnacknowledgedAlarms implements UnacknowledgedAlarms {

    @Override
    public List<Alarm> unacknowledged() {
        return List.of();
    }
}
