package vn.voiceroutes.simulator;

import static vn.voiceroutes.simulator.SimulatorSupport.JSON;
import static vn.voiceroutes.simulator.SimulatorSupport.parseQuery;
import static vn.voiceroutes.simulator.SimulatorSupport.respond;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.sun.net.httpserver.HttpExchange;

/**
 * VBot's lists of the calls it placed, once they have ended: the call history (call-transaction.md, GET
 * /api/crm/historycall/getAll) and the v3 auto-call CDR list (campaign-cdr.md, GET /m-auto-call/api/cdr/get-all).
 */
final class VbotCallLists {

    /** The call history's time: "MM/dd/yyyy HH:mm:ss", Vietnam's time (call-transaction.md). */
    private static final DateTimeFormatter HISTORY_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    /** A phone's newest calls only, so a long demo cannot fill the heap. */
    private static final int KEPT_PER_PHONE = 50;

    /** A call VBot placed, as its lists report it once it has ended. */
    record Entry(String phone, String externalCallId, String disposition, int talkSeconds, double postage,
            Instant endedAt, String template) {
    }

    private final SimulatorSupport support;
    private final SimulatorSettings settings;
    private final VbotStandIn vbot;
    private final Map<String, Deque<Entry>> history = new ConcurrentHashMap<>();

    VbotCallLists(SimulatorSupport support, VbotStandIn vbot) {
        this.support = support;
        this.settings = support.settings();
        this.vbot = vbot;
    }

    void add(Entry entry) {
        Deque<Entry> calls = history.computeIfAbsent(entry.phone(), p -> new ConcurrentLinkedDeque<>());
        calls.add(entry);
        while (calls.size() > KEPT_PER_PHONE) {
            calls.pollFirst();
        }
    }

    /**
     * The call-history list (call-transaction.md): GET with vbot_id, project_code, phone, page, size (the page calls
     * them "Body"; they come as query parameters), Bearer token or the project's X-API-Key; newest first. Each entry
     * carries external_call_id (since 2026-02-13) and the callee's disposition.
     */
    void handleCallHistory(HttpExchange http, String operation) throws IOException {
        Map<String, String> query = parseQuery(http.getRequestURI().getRawQuery());
        if (!vbot.bearerValid(http) && !vbot.apiKeyValid(http)) {
            support.record(operation, http.getRequestURI().getRawQuery(), query, 401, null);
            respond(http, 401, "application/json", "{\"message\":\"Authorization has been denied for this request.\"}");
            return;
        }
        if (settings.takeHttpError()) {
            support.record(operation, http.getRequestURI().getRawQuery(), query, 503, null);
            respond(http, 503, "text/plain", "Service Unavailable");
            return;
        }
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int size = Math.max(1, Integer.parseInt(query.getOrDefault("size", "10")));
        List<Entry> ended = new ArrayList<>(history.getOrDefault(query.getOrDefault("phone", ""), new ArrayDeque<>()));
        ended.removeIf(entry -> entry.endedAt().isAfter(Instant.now()));
        Collections.reverse(ended);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Entry entry : ended.subList(Math.min((page - 1) * size, ended.size()), Math.min(page * size, ended.size()))) {
            String when = HISTORY_TIME.format(entry.endedAt().atZone(VbotStandIn.VIETNAM));
            String talk = String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", entry.talkSeconds() / 3600, entry.talkSeconds() / 60 % 60, entry.talkSeconds() % 60);
            Map<String, Object> callee = new LinkedHashMap<>();
            callee.put("phone", entry.phone());
            callee.put("vbot_id", "");
            callee.put("date_create", when);
            callee.put("disposition", entry.disposition());
            callee.put("time_call", talk);
            callee.put("postage", entry.postage());
            callee.put("source", "Phone");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("hotline_number", "02871002454");
            item.put("date_create", when);
            item.put("caller", List.of());
            item.put("callee", List.of(callee));
            item.put("time_call", talk);
            item.put("type_call", "OUTCALL");
            item.put("disposition", entry.disposition());
            item.put("external_call_id", entry.externalCallId() == null ? "" : entry.externalCallId());
            item.put("postage", entry.postage());
            item.put("record_file", List.of());
            data.add(item);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", 1);
        answer.put("error", 0);
        answer.put("message", "success");
        answer.put("data", data);
        support.record(operation, http.getRequestURI().getRawQuery(), query, 200, "0");
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /**
     * The v3 auto-call CDR list (campaign-cdr.md, GET /m-auto-call/api/cdr/get-all): X-API-Key only; key_search
     * finds the phone, start_date (epoch ms) the calls created since; entries of auto-calls that have ended, newest
     * first, in the list's camelCase form; answer {status, msg, errorCode, data}.
     */
    void handleAutoCallCdr(HttpExchange http, String operation) throws IOException {
        Map<String, String> query = parseQuery(http.getRequestURI().getRawQuery());
        if (!vbot.apiKeyValid(http)) {
            support.record(operation, http.getRequestURI().getRawQuery(), query, 401, "401");
            respond(http, 401, "application/json", "{\"status\":401,\"msg\":\"Unauthorized\",\"errorCode\":401,\"data\":null}");
            return;
        }
        if (settings.takeHttpError()) {
            support.record(operation, http.getRequestURI().getRawQuery(), query, 500, "500");
            respond(http, 500, "application/json", "{\"status\":500,\"msg\":\"error\",\"errorCode\":500,\"data\":null}");
            return;
        }
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int size = Math.max(1, Integer.parseInt(query.getOrDefault("size", "10")));
        long since = Long.parseLong(query.getOrDefault("start_date", "0"));
        List<Entry> ended = new ArrayList<>(history.getOrDefault(query.getOrDefault("key_search", ""), new ArrayDeque<>()));
        ended.removeIf(entry -> entry.externalCallId() == null || entry.endedAt().isAfter(Instant.now())
                || entry.endedAt().toEpochMilli() < since);
        Collections.reverse(ended);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Entry entry : ended.subList(Math.min((page - 1) * size, ended.size()), Math.min(page * size, ended.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("phone", entry.phone());
            item.put("duration", entry.talkSeconds() + 7);
            item.put("billsec", entry.talkSeconds());
            item.put("sipCode", switch (entry.disposition()) {
                case "ANSWER" -> "200";
                case "NOANSWER" -> "480";
                case "BUSY" -> "486";
                case "NOT_MONEY" -> "402";
                default -> "500";
            });
            item.put("disposition", entry.disposition());
            item.put("status", 1);
            item.put("postage", entry.postage());
            item.put("externalCallId", entry.externalCallId());
            item.put("templateScriptCode", entry.template());
            item.put("transId", "SIM" + Integer.toHexString(entry.externalCallId().hashCode()));
            item.put("createAt", entry.endedAt().toEpochMilli() - (entry.talkSeconds() + 7) * 1000L);
            item.put("endCallAt", entry.endedAt().toEpochMilli());
            data.add(item);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", 200);
        answer.put("msg", "Success");
        answer.put("errorCode", 0);
        answer.put("data", data);
        support.record(operation, http.getRequestURI().getRawQuery(), query, 200, "0");
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }
}
