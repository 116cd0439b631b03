package org.eclipse.paho.mqttv5.client.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our replacement of Paho's LoggerFactory: one lookup per logger id, and Paho's records unchanged. */
class LoggerFactoryTest {

    private static final String ID = "fm.test.paho-logging";

    private final List<LogRecord> records = new ArrayList<>();
    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger(ID);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
        jul.setLevel(Level.FINE);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
        jul.setLevel(null);
    }

    @Test
    void loggersOfOneIdShareTheirLookupsAndKeepTheirOwnClientId() {
        var first = (LoggerFactory.JulLogger) LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, ID);
        var second = (LoggerFactory.JulLogger) LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, ID);
        assertThat(second).isNotSameAs(first);
        assertThat(second.named()).isSameAs(first.named());
        assertThat(first.named().jul().getName()).isEqualTo(ID);
        assertThat(((LoggerFactory.JulLogger) LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, ID + ".other"))
                .named()).isNotSameAs(first.named());

        first.setResourceName("client-a");
        second.setResourceName("client-b");
        first.fine("SomeClass", "subscribe", "106", new Object[] { "fm/v1/#", null, "cb" });
        second.warning("OtherClass", "close", "108");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.FINE);
        assertThat(records.get(0).getMessage()).isEqualTo("client-a: Subscribe topicFilter=fm/v1/# userContext=null callback=cb");
        assertThat(records.get(0).getSourceClassName()).isEqualTo("SomeClass");
        assertThat(records.get(0).getSourceMethodName()).isEqualTo("subscribe");
        assertThat(records.get(0).getLoggerName()).isEqualTo(ID);
        assertThat(records.get(1).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.get(1).getMessage()).isEqualTo("client-b: <");
    }

    @Test
    void aMessageIdNotInTheCatalogAndABannerAreLoggedAsTheyAre() {
        Logger logger = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, ID);
        logger.setResourceName("c");
        IllegalStateException cause = new IllegalStateException("boom");
        logger.severe("SomeClass", "m", "no-such-id {0}", new Object[] { 7 }, cause);
        logger.info("SomeClass", "m", "===== state {0} =====");

        assertThat(records).extracting(LogRecord::getMessage).containsExactly("c: no-such-id 7", "c: ===== state {0} =====");
        assertThat(records.get(0).getThrown()).isSameAs(cause);
    }

    @Test
    void belowTheLevelNothingIsFormatted() {
        jul.setLevel(Level.INFO);
        Logger logger = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, ID);
        Object unprintable = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("formatted below the logger's level");
            }
        };
        logger.fine("SomeClass", "m", "106", new Object[] { unprintable, null, null });
        logger.finest("SomeClass", "m", "106", new Object[] { unprintable, null, null });
        logger.info("SomeClass", "m", "108");

        assertThat(logger.isLoggable(Logger.FINE)).isFalse();
        assertThat(logger.isLoggable(Logger.INFO)).isTrue();
        assertThat(records).extracting(LogRecord::getMessage).containsExactly("null: <");
    }
}
