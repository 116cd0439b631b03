package org.facilitymonitor.notify;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.Set;

/** Someone who receives notifications, with their preferences and the teams they belong to. */
@Entity
@Table(name = "notify_person")
public class Person extends SubscriberEntity {

    @ElementCollection
    @CollectionTable(name = "notify_team_member", joinColumns = @JoinColumn(name = "person_id"))
    @Column(name = "team_id")
    public Set<String> teams = new LinkedHashSet<>();

    static String recipient(String id) {
        return "person:" + id;
    }
}
