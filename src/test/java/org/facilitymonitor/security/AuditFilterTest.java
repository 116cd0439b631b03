package org.facilitymonitor.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditFilterTest {

    @Test
    void secretsInTheQueryAreRedactedAndTheRestIsKept() {
        assertThat(AuditFilter.redact("/request/pump-1/orders/7/accept?key=fmr_abcdef&lang=en"))
                .isEqualTo("/request/pump-1/orders/7/accept?key=***&lang=en");
        assertThat(AuditFilter.redact("/api/x?a=1&Token=fm_secret")).isEqualTo("/api/x?a=1&Token=***");
        assertThat(AuditFilter.redact("/api/assets/keyboard?monkey=1")).isEqualTo("/api/assets/keyboard?monkey=1");
    }
}
