package org.facilitymonitor.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.testing.NativeStack;
import org.junit.jupiter.api.Test;

class PlausibleDefaultsTest {

    private static final String PREFIX = "fm.registry.plausible-defaults.override";

    @Test
    void settingsChangeRemoveOrAddDefaultsPerQuantityAndUnit() {
        PlausibleDefaults d = PlausibleDefaults.of(true, Map.of("temperature:degC", "-40..150",
                "vibration:mm/s", "none", "co2:ppm", "0..", "flow_rate:m3/h", "..500"), PREFIX);
        assertThat(d.rangeOf(PointKind.INSTANTANEOUS, "temperature", "degC", null, null)).get()
                .extracting(PlausibleRange::min, PlausibleRange::max).containsExactly(-40.0, 150.0);
        assertThat(d.rangeOf(PointKind.INSTANTANEOUS, "temperature", "K", null, null)).get()
                .extracting(PlausibleRange::max).isEqualTo(473.15);
        assertThat(d.rangeOf(PointKind.INSTANTANEOUS, "vibration", "mm/s", null, null)).isEmpty();
        assertThat(d.rangeOf(PointKind.INSTANTANEOUS, "co2", "ppm", null, null)).get().extracting(PlausibleRange::describe)
                .isEqualTo("≥ 0 ppm");
        assertThat(d.rangeOf(PointKind.INSTANTANEOUS, "flow_rate", "m3/h", null, null)).get()
                .extracting(PlausibleRange::min, PlausibleRange::max).containsExactly(null, 500.0);
        assertThat(d.rangeOf(PointKind.CUMULATIVE, "temperature", "degC", null, null)).isEmpty();
    }

    /** The documented property form, quoted keys with ':' and '/', through the real config mapping. */
    @Test
    void overridesAreReadFromProperties() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RegistryConfig.class)
                .withSources(new PropertiesConfigSource(Map.of(
                        PREFIX + ".\"flow_rate:m3/h\"", "..500",
                        PREFIX + ".\"temperature:degC\"", "-40..150",
                        "fm.registry.poll-interval", "PT2S"), "test", 500)) // plain SmallRye reads no "2s"
                .build();
        RegistryConfig.PlausibleDefaultsConfig settings = config.getConfigMapping(RegistryConfig.class).plausibleDefaults();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.override()).containsOnlyKeys("flow_rate:m3/h", "temperature:degC");
        PlausibleDefaults d = PlausibleDefaults.of(settings.enabled(), settings.override(), PREFIX);
        assertThat(d.rangeOf(PointKind.INSTANTANEOUS, "flow_rate", "m3/h", null, null)).get()
                .extracting(PlausibleRange::describe).isEqualTo("≤ 500 m3/h");
        SmallRyeConfig none = new SmallRyeConfigBuilder().withMapping(RegistryConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("fm.registry.poll-interval", "PT2S"), "test", 500)).build();
        assertThat(none.getConfigMapping(RegistryConfig.class).plausibleDefaults().override()).isEmpty();
    }

    @Test
    void aSettingThatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> PlausibleDefaults.of(true, Map.of("temperature", "0..1"), PREFIX))
                .hasMessage(PREFIX + ".\"temperature\": the key must be quantity:unit, e.g. temperature:degC");
        assertThatThrownBy(() -> PlausibleDefaults.of(true, Map.of("temperature:degC", "200..-60"), PREFIX))
                .hasMessage(PREFIX + ".\"temperature:degC\"='200..-60': min must be below max");
        assertThatThrownBy(() -> PlausibleDefaults.of(true, Map.of("temperature:degC", "-60-200"), PREFIX))
                .hasMessageContaining("expected min..max, ..max, min.. or none");
        assertThatThrownBy(() -> PlausibleDefaults.of(true, Map.of("temperature:degC", "..warm"), PREFIX))
                .hasMessage(PREFIX + ".\"temperature:degC\": 'warm' is not a finite number");
        assertThatThrownBy(() -> PlausibleDefaults.of(true, Map.of("temperature:degC", ".."), PREFIX))
                .hasMessageContaining("give a min or a max");
    }

    /** The table in docs/configuration.md is the built-in one, row for row. */
    @Test
    void theDocumentedTableIsTheBuiltInOne() throws IOException {
        String doc = Files.readString(NativeStack.repositoryRoot().resolve("docs/configuration.md"));
        String table = doc.substring(doc.indexOf("<!-- plausible-defaults -->"), doc.indexOf("<!-- /plausible-defaults -->"));
        Matcher row = Pattern.compile("\\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\| ([^|]+) \\| (\\S+) \\| (\\S+) \\|")
                .matcher(table);
        int rows = 0;
        while (row.find()) {
            for (String quantity : row.group(1).replace("`", "").split(", ")) {
                for (String unit : row.group(2).split(",")) {
                    String key = quantity + ":" + unit.trim().replace("`", "").replace("(none)", "");
                    Double[] bounds = PlausibleDefaults.BUILT_IN.get(key);
                    assertThat(bounds).as(key).isNotNull();
                    assertThat(parse(row.group(3))).as(key + " min").isEqualTo(bounds[0]);
                    assertThat(parse(row.group(4))).as(key + " max").isEqualTo(bounds[1]);
                    rows++;
                }
            }
        }
        assertThat(rows).isEqualTo(PlausibleDefaults.BUILT_IN.size());
    }

    private static Double parse(String cell) {
        return cell.equals("–") ? null : Double.valueOf(cell.replace(",", "").replace("−", "-"));
    }
}
