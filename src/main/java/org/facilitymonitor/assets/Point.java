package org.facilitymonitor.assets;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** A measured quantity of an asset and where its time series lives in InfluxDB. */
@Entity
public class Point extends RegistryEntity {
    public String siteId;
    public String assetId;
    public String name;
    public String quantity;
    public String unit;
    @Enumerated(EnumType.STRING)
    public PointKind kind;
    public String measurement;
    public String field;
    /** What a meter measures; null for points that are not meters. */
    @Enumerated(EnumType.STRING)
    public Carrier carrier;
    /** The register value at which a meter wraps to 0; null when it never does. */
    public Double registerModulus;
    /** The point's own plausible range (either bound may be null); both null: its quantity's default applies. */
    public Double plausibleMin;
    public Double plausibleMax;
}
