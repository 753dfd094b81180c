package vn.voiceroutes.ledger;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import vn.voiceroutes.model.CallRequest;

/**
 * What the calling rules would do with a call if it were registered now (a file's preview): the do-not-call lists
 * and the 24-hour cap as the ledger holds them, nothing written. The reason it would be refused, or null; a call the
 * cap would hold is given that later due time instead.
 */
public class RulePreview implements Function<CallRequest, String> {

    private final LedgerDatabase db;
    private final CallingRules rules;

    public RulePreview(LedgerDatabase db, CallingRules rules) {
        this.db = db;
        this.rules = rules;
    }

    @Override
    public String apply(CallRequest request) {
        Map<String, CallingRules.Refusal> refusals = db.inTransaction(connection -> rules.refusals(connection, List.of(request)));
        CallingRules.Refusal refusal = refusals.get(request.getRequestId());
        if (refusal == null) {
            return null;
        }
        if (refusal.heldUntil() != null) {
            String until = refusal.heldUntil().toString();
            if (request.getDueAt() == null || java.time.OffsetDateTime.parse(request.getDueAt()).isBefore(refusal.heldUntil())) {
                request.setDueAt(until);
            }
            return null;
        }
        return refusal.reason() + ": " + request.getPhone() + " " + refusal.explanation();
    }
}
