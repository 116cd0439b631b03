package org.facilitymonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void retryBackoffDoublesFromTheInitialDelayUpToTheCapThenGivesUp() {
        RetryPolicy retry = new RetryPolicy(6, Duration.ofSeconds(10), Duration.ofSeconds(60));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(retry.nextAttempt(1, now)).contains(now.plusSeconds(10));
        assertThat(retry.nextAttempt(2, now)).contains(now.plusSeconds(20));
        assertThat(retry.nextAttempt(3, now)).contains(now.plusSeconds(40));
        assertThat(retry.nextAttempt(4, now)).contains(now.plusSeconds(60));
        assertThat(retry.nextAttempt(5, now)).contains(now.plusSeconds(60));
        assertThat(retry.nextAttempt(6, now)).isEmpty();
    }
}
