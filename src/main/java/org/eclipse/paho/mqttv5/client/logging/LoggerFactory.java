package org.eclipse.paho.mqttv5.client.logging;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.MemoryHandler;

/**
 * Replaces Paho 1.2.5's class of the same name, removed from its jar by
 * {@code quarkus.class-loading.removed-resources} (docs/libraries.md, "Paho, patched"). Paho asks it
 * for a logger for every token, so for every acknowledgement and every publish. Its own version found
 * the logger class by name, made it by reflection and looked up the message catalog, and the logger
 * then asked java.util.logging for its logger, which the JBoss LogManager answers with a new logger
 * object each time: 13 % of the service's Java CPU samples at 15,000 messages/s. This one looks the
 * catalog and the java.util.logging logger up once per logger id and gives each caller a small
 * logger of its own (the client id it prefixes is per caller). What is logged, and when, is unchanged.
 */
public class LoggerFactory {

    public static final String MQTT_CLIENT_MSG_CAT = "org.eclipse.paho.mqttv5.client.internal.nls.logcat";

    private record Key(String catalog, String loggerId) {
    }

    private static final ConcurrentMap<Key, Named> NAMED = new ConcurrentHashMap<>();
    private static volatile String loggerClassName;

    public static Logger getLogger(String messageCatalogName, String loggerID) {
        String className = loggerClassName;
        if (className == null) {
            return new JulLogger(NAMED.computeIfAbsent(new Key(messageCatalogName, loggerID),
                    k -> Named.of(ResourceBundle.getBundle(k.catalog(), java.util.Locale.getDefault(),
                            LoggerFactory.class.getClassLoader()), k.loggerId())));
        }
        Logger logger;
        try {
            logger = (Logger) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException | SecurityException e) {
            throw new MissingResourceException("Error locating the logging class " + className + ": " + e,
                    LoggerFactory.class.getName(), loggerID);
        }
        logger.initialise(ResourceBundle.getBundle(messageCatalogName), loggerID, null);
        return logger;
    }

    public static String getLoggingProperty(String name) {
        try {
            return LogManager.getLogManager().getProperty(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A logger class to use instead of java.util.logging (Paho's extension point); null for the default. */
    public static void setLogger(String loggerClassName) {
        LoggerFactory.loggerClassName = loggerClassName;
    }

    /** What the loggers of one id share: the java.util.logging logger, the message catalog and its name. */
    record Named(java.util.logging.Logger jul, ResourceBundle catalog, String loggerName) {
        static Named of(ResourceBundle catalog, String loggerId) {
            return new Named(java.util.logging.Logger.getLogger(loggerId), catalog, loggerId);
        }
    }

    /** Paho's logger over java.util.logging: records "{client id}: {catalog message}" as Paho's JSR47Logger does. */
    static final class JulLogger implements Logger {
        private Named named;
        private String resourceName;

        JulLogger(Named named) {
            this.named = named;
        }

        Named named() {
            return named;
        }

        @Override
        public void initialise(ResourceBundle messageCatalog, String loggerID, String resourceName) {
            this.named = Named.of(messageCatalog, loggerID);
            this.resourceName = resourceName;
        }

        @Override
        public void setResourceName(String logContext) {
            this.resourceName = logContext;
        }

        @Override
        public boolean isLoggable(int level) {
            return named.jul().isLoggable(julLevel(level));
        }

        @Override
        public void log(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
            Level julLevel = julLevel(level);
            if (named.jul().isLoggable(julLevel)) {
                record(julLevel, sourceClass, sourceMethod, msg, inserts, thrown);
            }
        }

        @Override
        public void trace(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
            log(level, sourceClass, sourceMethod, msg, inserts, ex);
        }

        private void record(Level level, String sourceClass, String sourceMethod, String msg, Object[] inserts,
                Throwable thrown) {
            // Paho's banner lines ("=====...") are logged as they are, not looked up in the catalog.
            String text = msg.contains("=====") ? msg : MessageFormat.format(formatMessage(msg, inserts), inserts);
            LogRecord record = new LogRecord(level, resourceName + ": " + text);
            record.setSourceClassName(sourceClass);
            record.setSourceMethodName(sourceMethod);
            record.setLoggerName(named.loggerName());
            if (thrown != null) {
                record.setThrown(thrown);
            }
            named.jul().log(record);
        }

        /** The catalog's pattern for a message id, or the id itself when the catalog has none. */
        @Override
        public String formatMessage(String msg, Object[] inserts) {
            try {
                return named.catalog().getString(msg);
            } catch (MissingResourceException e) {
                return msg;
            }
        }

        @Override
        public void dumpTrace() {
            for (java.util.logging.Logger l = named.jul(); l != null; l = l.getParent()) {
                for (Handler handler : l.getHandlers()) {
                    if (handler instanceof MemoryHandler memory) {
                        synchronized (memory) {
                            memory.push();
                        }
                        return;
                    }
                }
            }
        }

        private static Level julLevel(int level) {
            return switch (level) {
                case SEVERE -> Level.SEVERE;
                case WARNING -> Level.WARNING;
                case INFO -> Level.INFO;
                case CONFIG -> Level.CONFIG;
                case FINE -> Level.FINE;
                case FINER -> Level.FINER;
                case FINEST -> Level.FINEST;
                default -> Level.OFF;
            };
        }

        @Override
        public void severe(String sourceClass, String sourceMethod, String msg) {
            log(SEVERE, sourceClass, sourceMethod, msg, null, null);
        }

        @Override
        public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
            log(SEVERE, sourceClass, sourceMethod, msg, inserts, null);
        }

        @Override
        public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
            log(SEVERE, sourceClass, sourceMethod, msg, inserts, thrown);
        }

        @Override
        public void warning(String sourceClass, String sourceMethod, String msg) {
            log(WARNING, sourceClass, sourceMethod, msg, null, null);
        }

        @Override
        public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
            log(WARNING, sourceClass, sourceMethod, msg, inserts, null);
        }

        @Override
        public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
            log(WARNING, sourceClass, sourceMethod, msg, inserts, thrown);
        }

        @Override
        public void info(String sourceClass, String sourceMethod, String msg) {
            log(INFO, sourceClass, sourceMethod, msg, null, null);
        }

        @Override
        public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
            log(INFO, sourceClass, sourceMethod, msg, inserts, null);
        }

        @Override
        public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
            log(INFO, sourceClass, sourceMethod, msg, inserts, thrown);
        }

        @Override
        public void config(String sourceClass, String sourceMethod, String msg) {
            log(CONFIG, sourceClass, sourceMethod, msg, null, null);
        }

        @Override
        public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
            log(CONFIG, sourceClass, sourceMethod, msg, inserts, null);
        }

        @Override
        public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
            log(CONFIG, sourceClass, sourceMethod, msg, inserts, thrown);
        }

        @Override
        public void fine(String sourceClass, String sourceMethod, String msg) {
            log(FINE, sourceClass, sourceMethod, msg, null, null);
        }

        @Override
        public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
            log(FINE, sourceClass, sourceMethod, msg, inserts, null);
        }

        @Override
        public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
            log(FINE, sourceClass, sourceMethod, msg, inserts, ex);
        }

        @Override
        public void finer(String sourceClass, String sourceMethod, String msg) {
            log(FINER, sourceClass, sourceMethod, msg, null, null);
        }

        @Override
        public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
            log(FINER, sourceClass, sourceMethod, msg, inserts, null);
        }

        @Override
        public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
            log(FINER, sourceClass, sourceMethod, msg, inserts, ex);
        }

        @Override
        public void finest(String sourceClass, String sourceMethod, String msg) {
            log(FINEST, sourceClass, sourceMethod, msg, null, null);
        }

        @Override
        public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
            log(FINEST, sourceClass, sourceMethod, msg, inserts, null);
        }

        @Override
        public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
            log(FINEST, sourceClass, sourceMethod, msg, inserts, ex);
        }
    }
}
