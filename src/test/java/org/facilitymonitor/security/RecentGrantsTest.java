package org.facilitymonitor.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentGrantsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentGrants recent = new RecentGrants(Duration.ofNanos(500), now::get);
    private final Grant grant = new Grant("ann", Set.of(Roles.CREW), false, Set.of("north"), "password");

    @Test
    void aGrantIsRecalledOnlyWithTheSameSecretAndWithinTheTtl() {
        recent.remember("password:ann", "correct horse", grant);
        assertThat(recent.recall("password:ann", "correct horse")).contains(grant);
        assertThat(recent.recall("password:ann", "wrong horse")).isEmpty();
        assertThat(recent.recall("password:bob", "correct horse")).isEmpty();
        now.addAndGet(499);
        assertThat(recent.recall("password:ann", "correct horse")).contains(grant);
        now.addAndGet(1);
        assertThat(recent.recall("password:ann", "correct horse")).isEmpty();
    }

    @Test
    void aLaterSuccessRestartsTheTtlAndReplacesTheSecret() {
        recent.remember("password:ann", "old secret", grant);
        now.addAndGet(400);
        recent.remember("password:ann", "new secret", grant);
        now.addAndGet(400);
        assertThat(recent.recall("password:ann", "new secret")).contains(grant);
        assertThat(recent.recall("password:ann", "old secret")).isEmpty();
    }
}
