package vn.voiceroutes.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.JMSException;

import vn.voiceroutes.dispatch.ProviderGate;
import vn.voiceroutes.http.HttpChecks;
import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.ledger.BatchLedger;
import vn.voiceroutes.ledger.Campaigns;
import vn.voiceroutes.ledger.OperatorLog;

/**
 * What operators do besides reading (the console and the API alike): pause, resume and stop a campaign, cancel a
 * file's unsent calls, replay dead letters, resume a provider. Each is logged and kept in the ledger (operator_action) with who asked, as
 * OperatorAccess names them ("console (lan)", "API (billing)"), and when.
 */
public class OperatorActions {

    public static final int RECENT = 50;

    private final BatchLedger batches;
    private final Campaigns campaigns;
    private final DeadLetters deadLetters;
    private final ProviderGate gate;
    private final OperatorLog log;
    private final Runnable batchesChanged;
    private final java.util.function.ToIntFunction<String> replayWebhooks;

    /**
     * batchesChanged: told when an action changed what the campaigns' listing shows (ConsoleQueries.batchesChanged);
     * replayWebhooks: sends dead webhook deliveries again (WebhookOutbox.replay: an event id or "all"), how many.
     */
    public OperatorActions(BatchLedger batches, Campaigns campaigns, DeadLetters deadLetters, ProviderGate gate, OperatorLog log,
            Runnable batchesChanged, java.util.function.ToIntFunction<String> replayWebhooks) {
        this.batchesChanged = batchesChanged;
        this.replayWebhooks = replayWebhooks;
        this.batches = batches;
        this.campaigns = campaigns;
        this.deadLetters = deadLetters;
        this.gate = gate;
        this.log = log;
    }

    /** Cancels the calls of a dropped file (its name as dropped) not sent yet. */
    public Map<String, Object> cancelFile(String fileName, String who) {
        String file = HttpChecks.text("file", fileName, 255);
        BatchLedger.Cancelled cancelled = batches.cancelUnsent(file, who);
        log.record(who, "cancel", file, cancelled.calls() + " call(s) not sent yet cancelled");
        batchesChanged.run();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("file", cancelled.fileName());
        answer.put("cancelled", cancelled.calls());
        return answer;
    }

    /**
     * POST /api/campaigns/{id}/{action}: pause, resume or stop one campaign (a file's batch id, or queue:name:day,
     * as GET /api/campaigns lists them). 404 for a campaign the ledger does not hold or another action, 409 for a
     * stopped campaign asked to pause or resume.
     */
    public Map<String, Object> campaign(String id, String action, String who) {
        String campaign = HttpChecks.text("campaign", id, 120);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("campaign", campaign);
        try {
            switch (String.valueOf(action)) {
                case "pause", "resume" -> {
                    String previous = "pause".equals(action) ? campaigns.pause(campaign, who) : campaigns.resume(campaign, who);
                    String state = "pause".equals(action) ? Campaigns.PAUSED : Campaigns.RUNNING;
                    log.record(who, action, campaign, previous.equals(state) ? "was " + previous : previous + " -> " + state);
                    answer.put("previous", previous);
                    answer.put("state", state);
                }
                case "stop" -> {
                    Campaigns.Stopped stopped = campaigns.stop(campaign, who);
                    log.record(who, "stop", campaign, stopped.cancelled() + " call(s) not placed cancelled");
                    answer.put("previous", stopped.previous());
                    answer.put("state", Campaigns.STOPPED);
                    answer.put("cancelled", stopped.cancelled());
                }
                default -> throw new BadRequestException(404, "no action '" + action + "' on a campaign (pause, resume, stop)");
            }
            batchesChanged.run();
        } catch (Campaigns.UnknownCampaignException e) {
            throw new BadRequestException(404, e.getMessage());
        } catch (Campaigns.StateException e) {
            throw new BadRequestException(409, e.getMessage());
        }
        return answer;
    }

    /** Replays one dead letter (its id) or all of them. */
    public Map<String, Object> replay(String id, String who) throws JMSException {
        Map<String, Object> answer = deadLetters.replay(id, who);
        log.record(who, "replay", String.valueOf(id), "replayed " + answer.get("replayed") + ", " + answer.get("kept") + " kept");
        return answer;
    }

    /**
     * POST /api/webhooks/{id}/replay: one dead webhook delivery (its event id) or all of them ("all") sent again from
     * now, with a new age limit. 404 when there is no such dead delivery.
     */
    public Map<String, Object> replayWebhook(String id, String who) {
        String event = HttpChecks.text("id", id, 36);
        if (!"all".equals(event) && !event.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new BadRequestException(400, "id '" + event + "' is not an event id (a UUID) or all");
        }
        int replayed = replayWebhooks.applyAsInt(event);
        if (replayed == 0 && !"all".equals(event)) {
            throw new BadRequestException(404, "no dead webhook delivery " + event);
        }
        log.record(who, "replay-webhook", event, replayed + " delivery(ies) sent again");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("replayed", replayed);
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
