package org.facilitymonitor.energy.tariffs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.facilitymonitor.assets.Carrier;

/** A site's tariff for one carrier; its prices are in {@link StoredTariffVersion}s. */
@Entity
public class Tariff extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String siteId;
    @Enumerated(EnumType.STRING)
    public Carrier carrier;
    public String name;
    public String currency;
    public Instant createdAt;
}
