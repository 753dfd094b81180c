package vn.voiceroutes.sink;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import vn.voiceroutes.ledger.CallLedger.PendingResult;
import vn.voiceroutes.ledger.CallRecord;

/**
 * The published form of a final outcome (schema: schemas/call-result.schema.json), the same line in the daily
 * results file and on the voice.results topic.
 */
public class CallResults {

    public static final String RESULT_ID = "voiceResultId";
    public static final String RESULT_DATE = "voiceResultDate";
    public static final String REQUEST_ID = "voiceRequestId";
    public static final String CLAIMED_BEFORE = "voiceResultClaimedBefore";
    public static final String CHANNEL = "voiceResultChannel";
    public static final String STATUS = "voiceResultStatus";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private final ZoneId zone;
    private final java.nio.file.Path outbox;

    public CallResults(ZoneId zone, java.nio.file.Path outbox) {
        this.zone = zone;
        this.outbox = outbox;
    }

    /** Body: a PendingResult; afterwards the JSON text, with headers for the outbox id and the results file's date. */
    public void toJson(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        PendingResult pending = exchange.getMessage().getMandatoryBody(PendingResult.class);
        CallRecord call = pending.call();
        exchange.getMessage().setHeader(RESULT_ID, pending.id());
        exchange.getMessage().setHeader(RESULT_DATE, call.finishedAt().atZone(zone).toLocalDate().format(FILE_DATE));
        exchange.getMessage().setHeader(REQUEST_ID, call.requestId());
        exchange.getMessage().setHeader(CLAIMED_BEFORE, pending.claimedBefore());
        exchange.getMessage().setHeader(CHANNEL, call.channel());
        exchange.getMessage().setHeader(STATUS, call.status().name());
        exchange.getMessage().setBody(JSON.writeValueAsString(toMap(call)));
    }

    /**
     * False when the daily results file holds this result already: only asked for results claimed before (a
     * publisher that wrote the line may have died before marking it emitted), so the file is read only then.
     */
    public boolean notYetInFile(Exchange exchange) throws java.io.IOException {
        if (!exchange.getMessage().getHeader(CLAIMED_BEFORE, false, Boolean.class)) {
            return true;
        }
        java.nio.file.Path file = outbox.resolve("results-" + exchange.getMessage().getHeader(RESULT_DATE, String.class) + ".jsonl");
        if (!java.nio.file.Files.exists(file)) {
            return true;
        }
        String start = "{\"requestId\":" + JSON.writeValueAsString(exchange.getMessage().getHeader(REQUEST_ID, String.class)) + ",";
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file, java.nio.charset.StandardCharsets.UTF_8)) {
            return lines.noneMatch(line -> line.startsWith(start));
        }
    }

    Map<String, Object> toMap(CallRecord call) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requestId", call.requestId());
        result.put("channel", call.channel());
        result.put("phone", call.phone());
        result.put("status", call.status().name());
        result.put("providerRef", call.providerRef());
        result.put("providerCode", call.providerCode());
        result.put("durationSeconds", call.durationSeconds());
        result.put("price", call.price());
        result.put("ivr", call.ivr());
        result.put("reason", call.reason());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", call.sourceType());
        if ("file".equals(call.sourceType())) {
            source.put("file", call.sourceName());
            source.put("line", call.sourceLine());
        } else {
            source.put("queue", call.sourceName());
            source.put("messageId", call.sourceMessageId());
        }
        result.put("source", source);
        result.put("submittedAt", call.submittedAt() == null ? null : call.submittedAt().atZone(zone).toOffsetDateTime().toString());
        result.put("finishedAt", call.finishedAt().atZone(zone).toOffsetDateTime().toString());
        return result;
    }
}
