package org.facilitymonitor.maintenance;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * The shape of maintenance's scheduled jobs (escalation, plan generation): read what is due in one
 * transaction, then handle each item in a new transaction of its own, so that one failure neither
 * rolls back nor stops the others and the next run retries it, and so that instances working at the
 * same time meet only on the rows they lock.
 */
public final class OneTransactionEach {

    private OneTransactionEach() {
    }

    /** {@link #run(String, Callable, LongUnaryOperator, Consumer)} where a failure is only logged. */
    public static long run(String what, Callable<? extends Collection<Long>> due, LongUnaryOperator handle) {
        return run(what, due, handle, e -> {
        });
    }

    /**
     * @param what the work on one item, for the log ("escalating work order")
     * @param handle handles one id, returns how many things it did (orders escalated, opened)
     * @param failed told of each item that failed, after the rollback (a metric, say)
     * @return the sum of what {@code handle} returned
     */
    public static long run(String what, Callable<? extends Collection<Long>> due, LongUnaryOperator handle,
            Consumer<RuntimeException> failed) {
        long done = 0;
        for (long id : QuarkusTransaction.requiringNew().call(due)) {
            try {
                done += QuarkusTransaction.requiringNew().call(() -> handle.applyAsLong(id));
            } catch (RuntimeException e) {
                failed.accept(e);
                Log.warnf(e, "%s %d failed; the next run retries", what, id);
            }
        }
        return done;
    }
}
