package org.facilitymonitor.maintenance.plans;

import java.time.Instant;

/**
 * One occurrence of a plan. The key is the site-local due date ("2026-03-29") for calendar plans:
 * it depends only on the rule, never on when or where it was computed, so a unique constraint on
 * (plan, key) gives one work order per occurrence across restarts and instances.
 */
public record Occurrence(String key, Instant dueAt, Instant generateAt) {
}
