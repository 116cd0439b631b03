package org.facilitymonitor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

class RuleParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void everyKindReadsItsParameters() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(RuleParams.parse(RuleKind.THRESHOLD,
                json("{\"direction\": \"ABOVE\", \"limit\": 400, \"for\": \"10m\", \"clearLimit\": 380}"), BERLIN, errors))
                .isEqualTo(new RuleSpec.Threshold(RuleSpec.Direction.ABOVE, 400, Duration.ofMinutes(10), 380, Duration.ZERO));
        assertThat(RuleParams.parse(RuleKind.RATE_OF_CHANGE,
                json("{\"direction\": \"BELOW\", \"perHour\": 6, \"window\": \"30m\"}"), BERLIN, errors))
                .isEqualTo(new RuleSpec.RateOfChange(RuleSpec.Direction.BELOW, 6, Duration.ofMinutes(30)));
        assertThat(RuleParams.parse(RuleKind.STALE, json("{\"after\": \"PT15M\"}"), BERLIN, errors))
                .isEqualTo(new RuleSpec.Stale(Duration.ofMinutes(15)));
        assertThat(RuleParams.parse(RuleKind.STARTS_PER_WINDOW, json("{\"maxStarts\": 6, \"window\": \"1h\"}"), BERLIN,
                errors)).isEqualTo(new RuleSpec.StartsPerWindow(6, Duration.ofHours(1)));
        assertThat(RuleParams.parse(RuleKind.COUNTER_ANOMALY, json("{}"), BERLIN, errors))
                .isEqualTo(new RuleSpec.CounterAnomaly(0, 3));
        assertThat(RuleParams.parse(RuleKind.NIGHT_FLOW,
                json("{\"from\": \"02:00\", \"to\": \"04:00\", \"baseFlow\": 0.2}"), BERLIN, errors))
                .isEqualTo(new RuleSpec.NightFlow(LocalTime.of(2, 0), LocalTime.of(4, 0), 0.2, BERLIN));
        assertThat(RuleParams.parse(RuleKind.METER_BALANCE, json("{\"untrackedLimit\": 0.15}"), BERLIN, errors))
                .isEqualTo(new RuleSpec.MeterBalance(null, 0.15));
        assertThat(errors).isEmpty();
    }

    @Test
    void meterBalanceLimitsAreShares() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(RuleParams.parse(RuleKind.METER_BALANCE, json("{\"tolerance\": -0.1, \"untrackedLimit\": 15}"), BERLIN,
                errors)).isNull();
        assertThat(fields(errors)).containsExactly("params.tolerance", "params.untrackedLimit");
    }

    @Test
    void everyProblemIsReportedWithItsFieldAndNothingIsBuilt() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(RuleParams.parse(RuleKind.THRESHOLD,
                json("{\"direction\": \"ABOVE\", \"limit\": 400, \"clearLimit\": 420, \"colour\": \"red\"}"), BERLIN,
                errors)).isNull();
        assertThat(fields(errors)).containsExactly("params.clearLimit", "params.colour");
        assertThat(errors.get(1).message()).isEqualTo(
                "unknown parameter of THRESHOLD (known: clearFor, clearLimit, direction, for, limit)");

        errors.clear();
        assertThat(RuleParams.parse(RuleKind.STARTS_PER_WINDOW, json("{\"maxStarts\": 1.5, \"window\": \"1h\"}"),
                BERLIN, errors)).isNull();
        assertThat(fields(errors)).containsExactly("params.maxStarts");

        errors.clear();
        assertThat(RuleParams.parse(RuleKind.COUNTER_ANOMALY, json("{\"maxPerHour\": -1, \"clearAfter\": 0}"), BERLIN,
                errors)).isNull();
        assertThat(fields(errors)).containsExactly("params.maxPerHour", "params.clearAfter");

        errors.clear();
        assertThat(RuleParams.parse(RuleKind.NIGHT_FLOW, json("{\"from\": \"02:00\", \"to\": \"02:00\", \"baseFlow\": -1}"),
                BERLIN, errors)).isNull();
        assertThat(fields(errors)).containsExactly("params.to", "params.baseFlow");

        errors.clear();
        assertThat(RuleParams.parse(RuleKind.STALE, json("[]"), BERLIN, errors)).isNull();
        assertThat(fields(errors)).containsExactly("params");
    }
}
