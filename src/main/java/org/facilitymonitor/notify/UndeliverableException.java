package org.facilitymonitor.notify;

/** A delivery that can never succeed as addressed (e.g. a webhook refused by the guard): DEAD at once, not retried. */
class UndeliverableException extends Exception {

    UndeliverableException(String reason) {
        super(reason);
    }
}
