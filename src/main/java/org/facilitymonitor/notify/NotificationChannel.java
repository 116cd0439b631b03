package org.facilitymonitor.notify;

/** Sends one delivery; returns when the other side accepted it, throws when it did not. */
interface NotificationChannel {

    Channel channel();

    void send(Delivery delivery) throws Exception;
}
