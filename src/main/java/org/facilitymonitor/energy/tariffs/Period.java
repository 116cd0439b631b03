package org.facilitymonitor.energy.tariffs;

/** Time-of-use periods: 峰 peak, 平 flat, 谷 valley, 尖峰 critical peak. */
public enum Period {
    PEAK, FLAT, VALLEY, CRITICAL_PEAK
}
