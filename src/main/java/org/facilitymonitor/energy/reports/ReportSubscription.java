package org.facilitymonitor.energy.reports;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A standing order for a site's monthly report: on {@code dayOfMonth} (site time) the previous
 * month's report goes to every recipient (an e-mail address or a person id) in {@code language}.
 */
@Entity
@Table(name = "report_subscription")
public class ReportSubscription extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String siteId;
    public String name;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] recipients = new String[0];
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] departments = new String[0];
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] formats = new String[0];
    public int dayOfMonth;
    public String language;
    public boolean enabled;
    public Instant createdAt;
    public Instant updatedAt;
}
