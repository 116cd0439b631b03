package org.facilitymonitor.edge.simulate;

import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/** Weather station: reports the outdoor temperature every model sees. */
final class WeatherModel extends AssetModel {

    WeatherModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        super(asset, profile, random, index);
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        values.put("outdoor_temp_c", c.outdoorC() + noise(0.05));
    }
}
