package org.facilitymonitor.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** A login of the embedded identity store. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String username;
    public String passwordHash;
    public String role;
    public boolean allSites;
    public boolean enabled;
    public String displayName;
    public String email;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "app_user_site", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "site_id")
    public Set<String> sites = new HashSet<>();

    public static Optional<AppUser> byName(String username) {
        return find("username", username).firstResultOptional();
    }

    Grant grant(String via) {
        return new Grant(username, Set.of(role), allSites, sites, via);
    }
}
