package org.facilitymonitor.assets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "fm.registry")
public interface RegistryConfig {

    /** How often each instance checks whether another instance changed the registry. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Site description files (YAML or JSON) imported at start-up, e.g. the demo campus. */
    Optional<List<String>> seedFiles();

    /** Defaults of plausible ranges per quantity and unit (docs/configuration.md, "Plausible ranges"). */
    @WithName("plausible-defaults")
    PlausibleDefaultsConfig plausibleDefaults();

    interface PlausibleDefaultsConfig {
        /** false: only points with their own plausibleMin/plausibleMax are checked. */
        @WithDefault("true")
        boolean enabled();

        /** {@code "quantity:unit"} → {@code min..max}, {@code ..max}, {@code min..} or {@code none}. */
        Map<String, String> override();
    }
}
