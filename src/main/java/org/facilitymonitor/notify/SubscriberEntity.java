package org.facilitymonitor.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.rules.Severity;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Preferences shared by people and teams. */
@MappedSuperclass
public abstract class SubscriberEntity extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String email;
    public String webhookUrl;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] channels = new String[0];
    @Enumerated(EnumType.STRING)
    public Severity minSeverity = Severity.INFO;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] sites = new String[0];
    public Instant updatedAt;

    Set<Channel> channelSet() {
        Set<Channel> set = EnumSet.noneOf(Channel.class);
        Arrays.stream(channels).map(Channel::valueOf).forEach(set::add);
        return set;
    }

    Set<String> siteSet() {
        return new LinkedHashSet<>(Arrays.asList(sites));
    }

    Subscriber subscriber(String recipient) {
        return new Subscriber(recipient, channelSet(), minSeverity, siteSet(), Optional.ofNullable(email),
                Optional.ofNullable(webhookUrl));
    }
}
