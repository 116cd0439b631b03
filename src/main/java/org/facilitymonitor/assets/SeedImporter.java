package org.facilitymonitor.assets;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facilitymonitor.platform.ProblemException;

/** Imports the configured site files at start-up (idempotent), then loads the point catalog. */
@ApplicationScoped
public class SeedImporter {

    @Inject
    RegistryConfig config;
    @Inject
    SiteImportService imports;
    @Inject
    PointCatalog catalog;

    void onStart(@Observes StartupEvent event) {
        for (String file : config.seedFiles().orElse(java.util.List.of())) {
            Path path = Path.of(file);
            try {
                ImportResult result = imports.importSite(SiteDescriptionParser.parse(Files.readAllBytes(path)), false);
                Log.infof("seed file %s: site %s, %d assets, %d points (%d created, %d updated)", path, result.site(),
                        result.assets(), result.points(), result.created(), result.updated());
            } catch (IOException e) {
                throw new IllegalStateException("seed file " + path.toAbsolutePath() + " cannot be read: " + e.getMessage(), e);
            } catch (ProblemException e) {
                throw new IllegalStateException("seed file " + path.toAbsolutePath() + " is invalid: " + e.getMessage()
                        + " " + e.errors(), e);
            }
        }
        catalog.refresh();
    }
}
