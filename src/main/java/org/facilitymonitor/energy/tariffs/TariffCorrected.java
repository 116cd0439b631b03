package org.facilitymonitor.energy.tariffs;

import java.time.LocalDate;
import org.facilitymonitor.assets.Carrier;

/**
 * CDI event: costs of the site's {@code carrier} from local day {@code fromDay} on are stale and must be
 * recomputed. Fired by {@link TariffService} only after the change committed (a transaction synchronization
 * fires it in afterCompletion), on the instance that made the change: for a past version added or changed
 * (fromDay = its validFrom), a version valid from today (today's elapsed intervals), and holidays changed
 * on a day up to today. Observers run while the committed transaction is still on the thread: one that
 * writes must use {@code @Transactional(REQUIRES_NEW)} or hand the work to another thread.
 */
public record TariffCorrected(String siteId, Carrier carrier, LocalDate fromDay) {
}
