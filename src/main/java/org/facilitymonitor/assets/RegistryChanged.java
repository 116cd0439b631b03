package org.facilitymonitor.assets;

/** CDI event fired after a committed registry change, so this instance reloads its point catalog at once. */
public record RegistryChanged(long version) {
}
