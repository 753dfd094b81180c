package vn.voiceroutes.model;

/**
 * A call the calling rules refused (a do-not-call list, the 24-hour cap of advertising calls): registered and
 * REJECTED in the ledger, so its outcome is published like any other. The refusal is that outcome: a queue message
 * refused so is not also a dead letter, and it is logged once, at WARN.
 */
public class CallRefusedException extends InvalidRecordException {

    public CallRefusedException(String field, String reason) {
        super(field, reason);
    }
}
