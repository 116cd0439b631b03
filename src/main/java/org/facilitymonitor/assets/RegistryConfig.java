package org.facilitymonitor.assets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "fm.registry")
public interface RegistryConfig {

    /** How often each instance checks whether another instance changed the registry. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Site description files (YAML or JSON) imported at start-up, e.g. the demo campus. */
    Optional<List<String>> seedFiles();
}
