package vn.voiceroutes.api;

import java.util.LinkedHashMap;
import java.util.Map;

import vn.voiceroutes.http.HttpChecks;
import vn.voiceroutes.ledger.BatchLedger;

/** What operators do through the API besides reading it (behind the admin token); each action logged with who. */
public class OperatorActions {

    private final BatchLedger batches;

    public OperatorActions(BatchLedger batches) {
        this.batches = batches;
    }

    /** Cancels the calls of a dropped file (its name as dropped) not sent yet; who: as OperatorAccess names them. */
    public Map<String, Object> cancelFile(String fileName, String who) {
        String file = HttpChecks.text("file", fileName, 255);
        BatchLedger.Cancelled cancelled = batches.cancelUnsent(file, who);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("file", cancelled.fileName());
        answer.put("cancelled", cancelled.calls());
        return answer;
    }
}
