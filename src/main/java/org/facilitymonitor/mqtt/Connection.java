package org.facilitymonitor.mqtt;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Names the broker connection an injected {@link BrokerClient} opens. Each connection has its own
 * client id, and so its own session on the broker: the instance's client id followed by
 * {@code -<value>}, or the client id itself for the empty name (the data connection).
 */
@Qualifier
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER })
public @interface Connection {

    @Nonbinding
    String value() default "";
}
