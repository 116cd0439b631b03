package org.facilitymonitor.energy.tariffs;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every {@link TariffCorrected} event the service fired, in order, for the tests to check. */
@Singleton
public class RecordedCorrections {

    private final List<TariffCorrected> events = new CopyOnWriteArrayList<>();

    void on(@Observes TariffCorrected event) {
        events.add(event);
    }

    public List<TariffCorrected> events() {
        return List.copyOf(events);
    }

    public void clear() {
        events.clear();
    }
}
