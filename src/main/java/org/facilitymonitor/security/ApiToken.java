package org.facilitymonitor.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** A personal API token; only the SHA-256 of the token is stored. */
@Entity
public class ApiToken extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Long userId;
    public String name;
    public String tokenHash;
    public String prefix;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public Instant lastUsedAt;
}
