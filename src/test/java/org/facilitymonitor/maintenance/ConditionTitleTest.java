package org.facilitymonitor.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionTitleTest {

    @Test
    void aTitleFitsItsColumnKeepingItsStart() {
        assertThat(ConditionWorkOrders.title("Filter clogged", "dorm-ahu-1")).isEqualTo("Filter clogged on dorm-ahu-1");
        String name = "N".repeat(190);
        assertThat(ConditionWorkOrders.title(name, "dorm-ahu-1")).isEqualTo(name + " on dorm-\u2026");
        assertThat(ConditionWorkOrders.title("N".repeat(195), "dorm-ahu-1")).as("no space before the ellipsis")
                .isEqualTo("N".repeat(195) + " on\u2026");
        assertThat(ConditionWorkOrders.title("x".repeat(200), "a".repeat(64))).hasSize(200).endsWith("x\u2026");
        String exact = "y".repeat(186);
        assertThat(ConditionWorkOrders.title(exact, "dorm-ahu-1")).as("exactly 200: unchanged").hasSize(200)
                .isEqualTo(exact + " on dorm-ahu-1");
        String surrogates = "\uD83D\uDD25".repeat(100); // 200 chars, 100 code points
        String cut = ConditionWorkOrders.title(surrogates, "a");
        assertThat(cut.length()).isLessThanOrEqualTo(200);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).as("no half code point before the ellipsis").isFalse();
    }
}
