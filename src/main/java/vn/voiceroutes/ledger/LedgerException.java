package vn.voiceroutes.ledger;

/** The ledger could not be read or written (database down, constraint broken). */
public class LedgerException extends RuntimeException {

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
