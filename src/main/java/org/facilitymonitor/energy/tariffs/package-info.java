/**
 * Tariffs per site and carrier in effective-dated versions, and the exact cost of consumption under them.
 *
 * <ul>
 * <li>The pure core: {@link org.facilitymonitor.energy.tariffs.TariffDefinitionParser} checks a definition
 * (time-of-use seasons and periods, or monthly tiers; fixed and demand charges) naming every bad field;
 * {@link org.facilitymonitor.energy.tariffs.TariffCalculator} splits time at local midnight and at every
 * period boundary of the site's time zone (DST days by wall-clock time) and prices each piece with a
 * {@link org.facilitymonitor.energy.tariffs.ConsumptionFunction}: interval costs and monthly bills with
 * explainable lines, money in {@link java.math.BigDecimal}, unrounded.</li>
 * <li>The shell: {@code TariffService} (V7 tables, audited corrections of the past, the
 * {@link org.facilitymonitor.energy.tariffs.TariffCorrected} event after commit, site holidays, quotes) and
 * {@code TariffResource} ({@code /api/tariffs}).</li>
 * </ul>
 *
 * <p>Reference: docs/energy-tariffs.md.
 */
package org.facilitymonitor.energy.tariffs;
