package org.facilitymonitor.rules;

import java.util.List;
import java.util.Set;

/** Where the engine's conclusions go (the alarms feature); must not block the ingest writer. */
public interface RuleEventSink {

    void submit(List<RuleEvent> events);

    /** Rules with an active alarm now. */
    Set<Long> activeRuleIds();

    /** Alarms the rule has raised in all, active or cleared. */
    long alarmsRaised(long ruleId);
}
