package org.facilitymonitor.energy.accounting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The daily balance check of main meters against their sub-meters ({@code fm.energy.balance.*}). */
@ConfigMapping(prefix = "fm.energy.balance")
public interface BalanceConfig {

    /** How far the sub-meters may add up beyond their main (a share: 0.02 = 2 %); a rule's params may override it. */
    @WithDefault("0.02")
    double tolerance();

    /** The largest untracked share (main − Σ sub-meters) / main; a rule's params may override it. */
    @WithDefault("0.25")
    double untrackedLimit();

    /** How often yesterday's balance is checked ({@code off}: never). */
    @WithDefault("1h")
    String every();

    /** Severity of the balance rules created for main meters. */
    @WithDefault("WARNING")
    String severity();
}
