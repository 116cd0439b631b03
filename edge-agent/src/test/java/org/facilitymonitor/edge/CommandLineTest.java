package org.facilitymonitor.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.CommandLine.Option;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    static final List<Option> OPTIONS = List.of(
            new Option("a", "FM_A", "1", false, "N", "a"),
            new Option("b", "FM_B", null, true, "X", "b"),
            new Option("c", "FM_C", null, false, "X", "c"));

    @Test
    void commandLineWinsOverEnvironmentWhichWinsOverDefault() throws Exception {
        CommandLine cl = CommandLine.parse(List.of("--b=x", "--a", "3"), OPTIONS, Map.of("FM_A", "2", "FM_B", "y"));
        assertThat(cl.get("a")).isEqualTo("3");
        assertThat(cl.get("b")).isEqualTo("x");
        assertThat(cl.get("c")).isNull();

        CommandLine env = CommandLine.parse(List.of(), OPTIONS, Map.of("FM_A", "2", "FM_B", "y"));
        assertThat(env.get("a")).isEqualTo("2");
        assertThat(env.get("b")).isEqualTo("y");

        assertThat(CommandLine.parse(List.of("--b", "z"), OPTIONS, Map.of()).get("a")).isEqualTo("1");
        assertThatThrownBy(() -> CommandLine.parse(List.of(), OPTIONS, Map.of()))
                .hasMessage("--b (or FM_B) is required");
    }

    @Test
    void durations() {
        assertThat(CommandLine.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CommandLine.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(CommandLine.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CommandLine.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CommandLine.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(CommandLine.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(CommandLine.parseDuration("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(CommandLine.parseDuration("soon")).isNull();
    }
}
