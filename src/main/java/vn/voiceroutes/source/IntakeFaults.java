package vn.voiceroutes.source;

import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;

/**
 * Tells the faults no input can help from the others. The application stopping, the ledger's database or the broker
 * down: the work waits (a file stays in its inbox, a message on its queue) and is read again later, however long that
 * takes. Any other fault belongs to the input: it is refused with the reason after a bounded number of tries, so
 * nothing is read again forever. (Intake only registers calls: a provider's faults and pauses never reach it.)
 */
public class IntakeFaults {

    private final BooleanSupplier databaseAndBrokerUp;

    public IntakeFaults(BooleanSupplier databaseAndBrokerUp) {
        this.databaseAndBrokerUp = databaseAndBrokerUp;
    }

    public boolean waitsForTheSystem(Exchange exchange, Throwable fault) {
        return stopping(exchange) || !databaseAndBrokerUp.getAsBoolean();
    }

    /** The application is shutting down: work in progress stops at the next record and is read again at the start. */
    public static boolean stopping(Exchange exchange) {
        var context = exchange.getContext();
        return context.isStopping() || context.isStopped();
    }
}
