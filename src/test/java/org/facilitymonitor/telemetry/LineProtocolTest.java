package org.facilitymonitor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

    @Test
    void seriesKeyEscapesSeparatorsAndSortsTags() {
        TreeMap<String, String> tags = new TreeMap<>();
        tags.put("zone", "roof top");
        tags.put("asset", "a,b=c");
        assertThat(LineProtocol.seriesKey("my measurement", tags))
                .isEqualTo("my\\ measurement,asset=a\\,b\\=c,zone=roof\\ top");
    }

    @Test
    void floatAndIntegerLines() {
        assertThat(LineProtocol.floatLine("m,point=p", "power_kw", 12.5, 7, 1000)).isEqualTo("m,point=p power_kw=12.5,seq=7i 1000");
        assertThat(LineProtocol.floatLine("m,point=p", "v", 1e20, 7, 1000)).isEqualTo("m,point=p v=1.0E20,seq=7i 1000");
        assertThat(LineProtocol.integerLine("m,point=p", "on", 1, 8, 2000)).isEqualTo("m,point=p on=1i,seq=8i 2000");
    }

    @Test
    void influxQlQuotingNeutralisesQuotes() {
        assertThat(InfluxQl.string("x' OR 1=1 --")).isEqualTo("'x\\' OR 1=1 --'");
        assertThat(InfluxQl.identifier("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(InfluxQl.time(Instant.parse("2026-01-15T10:00:00Z"))).isEqualTo("1768471200000ms");
        assertThat(InfluxQl.duration(Duration.ofMinutes(5))).isEqualTo("300s");
    }
}
