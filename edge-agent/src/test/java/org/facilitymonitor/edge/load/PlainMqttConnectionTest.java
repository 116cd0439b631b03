package org.facilitymonitor.edge.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainMqttConnectionTest {

    @Test
    void theBrokersReceiveMaximumCapsTheWindowWhateverPropertiesComeBeforeIt() {
        byte[] connack = {
            0, 0, // flags, success
            17, // properties
            0x12, 0, 3, 'a', 'b', 'c', // assigned client identifier
            0x22, 0, 10, // topic alias maximum
            0x27, 0, 1, 0, 0, // maximum packet size
            0x24, 1, // maximum QoS
            0x21, 0, 20 // receive maximum
        };
        assertThat(PlainMqttConnection.receiveMaximum(connack)).isEqualTo(20);
    }

    @Test
    void withoutAReceiveMaximumTheProtocolsDefaultHolds() {
        assertThat(PlainMqttConnection.receiveMaximum(new byte[] {0, 0, 0})).isEqualTo(65_535);
        assertThat(PlainMqttConnection.receiveMaximum(new byte[] {0, 0, 3, 0x22, 0, 10})).isEqualTo(65_535);
    }
}
