package vn.voiceroutes.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.JMSException;

import vn.voiceroutes.dispatch.ProviderGate;
import vn.voiceroutes.http.HttpChecks;
import vn.voiceroutes.ledger.BatchLedger;
import vn.voiceroutes.ledger.OperatorLog;

/**
 * What operators do besides reading (the console and the API alike): cancel a file's unsent calls, replay dead
 * letters, resume a provider. Each is logged and kept in the ledger (operator_action) with who asked, as
 * OperatorAccess names them ("console (lan)", "admin API (billing)"), and when.
 */
public class OperatorActions {

    public static final int RECENT = 50;

    private final BatchLedger batches;
    private final DeadLetters deadLetters;
    private final ProviderGate gate;
    private final OperatorLog log;

    public OperatorActions(BatchLedger batches, DeadLetters deadLetters, ProviderGate gate, OperatorLog log) {
        this.batches = batches;
        this.deadLetters = deadLetters;
        this.gate = gate;
        this.log = log;
    }

    /** Cancels the calls of a dropped file (its name as dropped) not sent yet. */
    public Map<String, Object> cancelFile(String fileName, String who) {
        String file = HttpChecks.text("file", fileName, 255);
        BatchLedger.Cancelled cancelled = batches.cancelUnsent(file, who);
        log.record(who, "cancel", file, cancelled.calls() + " call(s) not sent yet cancelled");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("file", cancelled.fileName());
        answer.put("cancelled", cancelled.calls());
        return answer;
    }

    /** Replays one dead letter (its id) or all of them. */
    public Map<String, Object> replay(String id, String who) throws JMSException {
        Map<String, Object> answer = deadLetters.replay(id, who);
        log.record(who, "replay", String.valueOf(id), "replayed " + answer.get("replayed") + ", " + answer.get("kept") + " kept");
        return answer;
    }

    /** Opens a paused provider again, on every node. */
    public String resume(String provider, String who) {
        boolean wasPaused = gate.isPaused(provider);
        gate.resumeBy(provider, who);
        log.record(who, "resume", provider, wasPaused ? "resumed" : "was not paused");
        return "resumed";
    }

    /** The newest actions first. */
    public List<OperatorLog.Action> recent() {
        return log.recent(RECENT);
    }
}
