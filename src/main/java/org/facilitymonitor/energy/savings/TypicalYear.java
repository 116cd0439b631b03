package org.facilitymonitor.energy.savings;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bundled typical year's 365 daily mean temperatures (°F): the default normal year (resources/energy/typical-year). */
@ApplicationScoped
public class TypicalYear {

    private static final String RESOURCE = "/energy/typical-year/tmy3-daily-f.csv";
    private volatile double[] dailyF;

    public double[] dailyF() {
        double[] d = dailyF;
        if (d == null) {
            d = load();
            dailyF = d;
        }
        return d.clone();
    }

    static double[] load() {
        try (InputStream in = TypicalYear.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
            double[] out = new double[lines.length - 1];
            for (int i = 1; i < lines.length; i++) {
                out[i - 1] = Double.parseDouble(lines[i].split(",")[1].strip());
            }
            if (out.length != 365) {
                throw new IllegalStateException(RESOURCE + " has " + out.length + " days, not 365");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
