package vn.voiceroutes.vbot;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import vn.voiceroutes.dispatch.ProviderTransientException;
import vn.voiceroutes.esms.EsmsQuery;
import vn.voiceroutes.ledger.CallPolls;
import vn.voiceroutes.ledger.CallPolls.PollTarget;
import vn.voiceroutes.ledger.ProviderReports.ReportResult;

/**
 * Asks VBot's call-history list (GET [URL]/api/crm/historycall/getAll) about a vbot-campaign call whose webhook has
 * not come, for the vbot-call-history-action kamelet, and stores what it says. The entry is the one with the call's
 * external_call_id (auto-calls; the list carries it since 2026-02-13), else, for a campaign call, the first call to
 * that phone VBot lists after the campaign was accepted. No entry yet: polled again later, with backoff.
 */
public class VbotCallHistory {

    private static final String POLL_TARGET = vn.voiceroutes.model.VoiceProperties.POLL_TARGET;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** VBot's clock and ours may differ a little; an entry this much before the campaign was accepted still counts. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    private final VbotTokens tokens;
    private final VbotCalls calls;
    private final String apiKey;
    private final String vbotId;
    private final String groupCode;
    private final VbotReports reports;
    private final CallPolls polls;
    private final vn.voiceroutes.dispatch.ProviderGate gate;

    public VbotCallHistory(VbotTokens tokens, VbotCalls calls, String apiKey, String vbotId, String groupCode, VbotReports reports,
            CallPolls polls, vn.voiceroutes.dispatch.ProviderGate gate) {
        this.gate = gate;
        this.tokens = tokens;
        this.calls = calls;
        this.apiKey = apiKey;
        this.vbotId = vbotId;
        this.groupCode = groupCode;
        this.reports = reports;
        this.polls = polls;
    }

    /**
     * Body: the PollTarget (kept as exchange property voicePollTarget); afterwards the GET, its path in the exchange
     * property voiceHistoryPath. Campaign transport (the seed's API): GET [URL]/api/crm/historycall/getAll with
     * vbot_id, project_code, phone, page, size (the page lists them as a "Body" of the GET; they go as query
     * parameters, which is what a GET can carry through proxies) and the Bearer token. Auto-call transport (v3): the
     * auto-call CDR list GET [URL]/m-auto-call/api/cdr/get-all with key_search = the phone and start_date a little
     * before the call was accepted, and the project's X-API-Key; v3 has no vbot_id or project_code (changelog
     * 2026-06-11), and its call-history module moved to /m-auto-call/ and /m-cdr/ (2026-09-24).
     */
    public void request(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        PollTarget target = message.getBody(PollTarget.class);
        if (target == null) {
            target = exchange.getProperty(POLL_TARGET, PollTarget.class);
        }
        if (target == null) {
            throw new InvalidPayloadException(exchange, PollTarget.class);
        }
        exchange.setProperty(POLL_TARGET, target);
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (autoCall()) {
            query.put(VbotAutoCall.CDR_KEY_SEARCH, target.phone());
            if (target.submittedAt() != null) {
                query.put(VbotAutoCall.CDR_START_DATE, Long.toString(target.submittedAt().minus(CLOCK_SLACK).toEpochMilli()));
            }
            query.put(VbotAutoCall.CDR_PAGE, "1");
            query.put(VbotAutoCall.CDR_SIZE, "20");
            exchange.setProperty(PATH, VbotAutoCall.CDR_LIST_PATH);
            message.setHeader(VbotAutoCall.API_KEY_HEADER, apiKey);
        } else {
            query.put(Vbot.HISTORY_VBOT_ID, vbotId);
            query.put(Vbot.HISTORY_PROJECT_CODE, groupCode);
            query.put(Vbot.PHONE, target.phone());
            query.put(Vbot.HISTORY_PAGE, "1");
            query.put(Vbot.HISTORY_SIZE, "20");
            exchange.setProperty(PATH, Vbot.CALL_HISTORY_PATH);
            message.setHeader("Authorization", tokens.authorization());
        }
        message.setHeader(Exchange.HTTP_QUERY, query.entrySet().stream()
                .map(e -> e.getKey() + "=" + EsmsQuery.percentEncode(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&")));
        message.setBody(null);
    }

    /** Exchange property: the path of the list asked, under [URL]. */
    public static final String PATH = "voiceHistoryPath";

    private boolean autoCall() {
        return VbotAutoCall.TRANSPORT.equals(calls.transport());
    }

    /** True when VBot refused the Bearer token (HTTP 401): renew it and ask again, once. */
    public boolean unauthorized(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) == 401
                && !VbotAutoCall.TRANSPORT.equals(calls.transport());
    }

    public void renewAndRebuild(Exchange exchange) throws InvalidPayloadException {
        tokens.renew();
        request(exchange);
    }

    /** Reads the list and stores the call's entry, or schedules the next poll. */
    public ReportResult store(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        message.removeHeader("Authorization");
        message.removeHeader(VbotAutoCall.API_KEY_HEADER);
        PollTarget target = exchange.getProperty(POLL_TARGET, PollTarget.class);
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status != 200) {
            throw new ProviderTransientException("VBot call history answered HTTP " + status);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(message.getBody(String.class));
        } catch (IOException | RuntimeException e) {
            throw new ProviderTransientException("VBot call history answered a body that is not JSON");
        }
        if (autoCall()) {
            return storeCdr(target, answer);
        }
        Optional<JsonNode> entry = entryFor(target, answer.path(Vbot.DATA));
        if (entry.isEmpty()) {
            polls.pollLater(target.requestId(), target.attempts());
            return ReportResult.PROGRESS;
        }
        // v3's entries give price and talk time per callee, as its HISTORY_CALL webhook does
        Map<String, String> report = VbotCallbacks.withCalleesFigures(VbotCallbacks.flatten(entry.get()), entry.get());
        if (report.getOrDefault(Vbot.HISTORY_DISPOSITION, "").isBlank()) {
            // the list's own sample leaves the top-level disposition to the callee's entry
            JsonNode callee = entry.get().path(Vbot.HISTORY_CALLEE);
            if (callee.isArray() && !callee.isEmpty()) {
                report.put(Vbot.HISTORY_DISPOSITION, callee.get(0).path(Vbot.HISTORY_DISPOSITION).asText(""));
            }
        }
        ReportResult result = reports.recordPolledVbotHistory(target.requestId(), null, report, entry.get().toString(),
                "vbot-call-history-poll");
        if (result == ReportResult.PROGRESS) {
            polls.pollLater(target.requestId(), target.attempts());
        }
        return result;
    }

    /**
     * The v3 CDR list's entry of an auto-call, found by its externalCallId only, stored like the AUTO_CALL_LOG
     * webhook it mirrors; a disposition that speaks of the account (NOT_MONEY) pauses VBot.
     */
    private ReportResult storeCdr(PollTarget target, JsonNode answer) {
        String code = answer.path(VbotAutoCall.ERROR_CODE).asText(answer.path(VbotAutoCall.ERROR_CODE_V2).asText("0"));
        if (!VbotAutoCall.ACCEPTED.equals(code)) {
            throw new ProviderTransientException("VBot's auto-call CDR list answered errorCode " + code);
        }
        for (JsonNode entry : answer.path(VbotAutoCall.DATA)) {
            if (target.providerRef() != null && target.providerRef().equals(entry.path(VbotAutoCall.LOG_EXTERNAL_CALL_ID).asText(""))) {
                Map<String, String> report = VbotCallbacks.flatten(entry);
                ReportResult result = reports.recordVbotAutoCallLog(report, entry.toString(), null, "vbot-auto-call-cdr-poll");
                VbotAutoCall.accountFault(report.get(VbotAutoCall.LOG_DISPOSITION))
                        .ifPresent(fault -> gate.pause(Vbot.PROVIDER, fault.getKey(), fault.getValue() + " (found in VBot's auto-call CDR list)"));
                if (result == ReportResult.PROGRESS) {
                    polls.pollLater(target.requestId(), target.attempts());
                }
                return result;
            }
        }
        polls.pollLater(target.requestId(), target.attempts());
        return ReportResult.PROGRESS;
    }

    static Optional<JsonNode> entryFor(PollTarget target, JsonNode entries) {
        JsonNode byTime = null;
        Instant byTimeAt = null;
        for (JsonNode entry : entries) {
            String external = entry.path(VbotAutoCall.HISTORY_EXTERNAL_CALL_ID).asText("");
            if (!external.isEmpty()) {
                if (external.equals(target.providerRef())) {
                    return Optional.of(entry);
                }
                continue; // another system's call, or another of ours
            }
            if (VbotAutoCall.externalCallId(target.requestId(), target.attempt()).equals(target.providerRef())) {
                continue; // an auto-call is only ever matched by its external_call_id
            }
            Instant at = listed(entry.path(Vbot.HISTORY_DATE_CREATE).asText(""));
            if (at != null && target.submittedAt() != null && !at.isBefore(target.submittedAt().minus(CLOCK_SLACK))
                    && (byTimeAt == null || at.isBefore(byTimeAt))) {
                byTime = entry;
                byTimeAt = at;
            }
        }
        return Optional.ofNullable(byTime);
    }

    private static Instant listed(String dateCreate) {
        try {
            return LocalDateTime.parse(dateCreate.strip(), Vbot.HISTORY_TIME).atZone(vn.voiceroutes.model.RecordTimes.VIETNAM).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
