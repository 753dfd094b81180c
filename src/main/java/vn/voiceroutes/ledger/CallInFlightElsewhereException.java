package vn.voiceroutes.ledger;

/**
 * The call is QUEUED and another node holds a live claim on it: that node is placing it right now, or died while
 * placing it. Neither "already handled" (the call may never have gone out, and nothing would ever place it or report
 * it) nor a fault of the input: the work waits (the file stays in its inbox, the message goes back to its queue) and is
 * looked at again after the claim has run out, when this node may take it.
 */
public class CallInFlightElsewhereException extends RuntimeException {

    public CallInFlightElsewhereException(String requestId, String node, java.time.OffsetDateTime claimedUntil) {
        super("call " + requestId + " is being placed by node " + node + " (its claim runs until " + claimedUntil
                + "); it is looked at again after that");
    }
}
