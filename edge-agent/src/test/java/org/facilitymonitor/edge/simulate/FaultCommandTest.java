package org.facilitymonitor.edge.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.Test;

class FaultCommandTest {

    static FaultCommand parse(String json) {
        return FaultCommand.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesStartStopAndClear() {
        assertThat(parse("{\"action\":\"start\",\"asset\":\"office-ahu-1\",\"fault\":\"filter-clogging\","
                + "\"params\":{\"pa-per-day\":60}}"))
                .isEqualTo(FaultCommand.start(new FaultSpec("office-ahu-1", FaultType.FILTER_CLOGGING,
                        Map.of("pa-per-day", 60.0))));
        assertThat(parse("{\"action\":\"start\",\"asset\":\"office-water\",\"fault\":\"leak\"}").spec().params())
                .isEqualTo(Map.of("m3h", 0.4));
        assertThat(parse("{\"action\":\"start\",\"asset\":\"office-water\",\"fault\":\"leak\",\"params\":null}")
                .spec().params()).isEqualTo(Map.of("m3h", 0.4));
        FaultCommand stop = parse("{\"action\":\"stop\",\"asset\":\"office-ahu-1\",\"fault\":\"filter-clogging\"}");
        assertThat(stop.action()).isEqualTo(FaultCommand.Action.STOP);
        assertThat(stop.spec().asset()).isEqualTo("office-ahu-1");
        assertThat(stop.spec().type()).isEqualTo(FaultType.FILTER_CLOGGING);
        assertThat(parse(" {\"action\":\"clear\"} ")).isEqualTo(FaultCommand.clear());
    }

    @Test
    void appliesToASimulator() throws IOException {
        Simulator sim = new Simulator(SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file",
                "../demo/demo-campus.yaml"))), List.of("office"), 1, 0);
        parse("{\"action\":\"start\",\"asset\":\"office-ahu-1\",\"fault\":\"filter-clogging\"}").applyTo(sim);
        parse("{\"action\":\"start\",\"asset\":\"office-water\",\"fault\":\"offline\"}").applyTo(sim);
        assertThat(sim.activeFaults()).extracting(ActiveFault::type)
                .containsExactlyInAnyOrder(FaultType.FILTER_CLOGGING, FaultType.OFFLINE);
        parse("{\"action\":\"stop\",\"asset\":\"office-ahu-1\",\"fault\":\"filter-clogging\"}").applyTo(sim);
        parse("{\"action\":\"stop\",\"asset\":\"office-ahu-1\",\"fault\":\"filter-clogging\"}").applyTo(sim);
        assertThat(sim.activeFaults()).extracting(ActiveFault::type).containsExactly(FaultType.OFFLINE);
        parse("{\"action\":\"clear\"}").applyTo(sim);
        assertThat(sim.activeFaults()).isEmpty();
        assertThatThrownBy(() -> parse("{\"action\":\"start\",\"asset\":\"dorm-water\",\"fault\":\"leak\"}").applyTo(sim))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dorm-water");
    }

    @Test
    void errorsNameTheFieldAndWhatIsWrong() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"action\":", "command: not JSON");
        cases.put("", "command: must be a JSON object, was empty");
        cases.put("[1]", "command: must be a JSON object, was array [1]");
        cases.put("{\"action\":\"clear\"} {}", "command: not JSON");
        cases.put("{\"action\":\"clear\",\"action\":\"start\"}", "command: not JSON: Duplicate field 'action'");
        cases.put("{}", "action: missing (start, stop or clear)");
        cases.put("{\"action\":null}", "action: missing");
        cases.put("{\"action\":1}", "action: must be a string, was number 1");
        cases.put("{\"action\":\"pause\"}", "action: unknown action 'pause' (start, stop or clear)");
        cases.put("{\"action\":\"START\",\"asset\":\"a\",\"fault\":\"leak\"}", "action: unknown action 'START'");
        cases.put("{\"action\":\"clear\",\"asset\":\"office-water\"}", "asset: not allowed with action clear");
        cases.put("{\"action\":\"start\",\"fault\":\"leak\"}", "asset: missing (an asset id)");
        cases.put("{\"action\":\"start\",\"asset\":[\"a\"],\"fault\":\"leak\"}", "asset: must be a string, was array");
        cases.put("{\"action\":\"start\",\"asset\":\"a\"}", "fault: missing (a fault id)");
        cases.put("{\"action\":\"start\",\"asset\":\"a\",\"fault\":\"fire\"}",
                "fault: unknown fault 'fire' (valid: filter-clogging, bearing-wear, leak");
        cases.put("{\"action\":\"start\",\"asset\":\"a\",\"fault\":\"leak\",\"params\":[0.4]}",
                "params: must be an object of numbers, was array [0.4]");
        cases.put("{\"action\":\"start\",\"asset\":\"a\",\"fault\":\"leak\",\"params\":{\"m3h\":\"0.4\"}}",
                "params.m3h: must be a number, was string \"0.4\"");
        cases.put("{\"action\":\"start\",\"asset\":\"a\",\"fault\":\"leak\",\"params\":{\"litres\":3}}",
                "params.litres: unknown parameter of fault leak (valid: m3h)");
        cases.put("{\"action\":\"start\",\"asset\":\"a\",\"fault\":\"leak\",\"params\":{\"m3h\":-1}}",
                "params.m3h: fault leak needs a finite number of at least 0, was -1.0");
        cases.put("{\"action\":\"start\",\"asset\":\"a\",\"fault\":\"leak\",\"params\":{\"m3h\":1e999}}",
                "params.m3h: fault leak needs a finite number of at least 0, was Infinity");
        cases.put("{\"action\":\"stop\",\"asset\":\"a\",\"fault\":\"leak\",\"params\":{}}",
                "params: only allowed with action start");
        cases.put("{\"action\":\"start\",\"asset\":\"a\",\"fault\":\"leak\",\"parms\":{}}",
                "parms: unknown field (action, asset, fault, params)");
        cases.forEach((json, message) -> assertThatThrownBy(() -> parse(json)).as(json)
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message));
    }
}
