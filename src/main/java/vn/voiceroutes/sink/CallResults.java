package vn.voiceroutes.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;


import vn.voiceroutes.ledger.ResultOutbox.PendingResult;
import vn.voiceroutes.ledger.CallRecord;
import vn.voiceroutes.ledger.CallingRules;

/**
 * The published form of a final outcome (schema: schemas/call-result.schema.json), the same line in the daily
 * results file and on the voice.results topic.
 */
public class CallResults {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private final ZoneId zone;
    private final Path outbox;

    /** The reasons the calling rules refuse a call with: voice_calls_refused_total counts them. */
    private static final Set<String> REFUSAL_REASONS = Set.of(CallingRules.DO_NOT_CALL, CallingRules.FREQUENCY_CAP);

    public CallResults(ZoneId zone, Path outbox) {
        this.zone = zone;
        this.outbox = outbox;
    }

    /** One final outcome as published: its JSON line, and what the topic's message properties and the file need. */
    public record PublishedResult(long outboxId, String requestId, String json, String date, String channel, String status,
            String reason, boolean claimedBefore) {
    }

    /** The published form of a batch of claimed outcomes, in outbox order. */
    public List<PublishedResult> toMessages(List<PendingResult> batch) throws JsonProcessingException {
        List<PublishedResult> published = new ArrayList<>(batch.size());
        for (PendingResult pending : batch) {
            CallRecord call = pending.call();
            published.add(new PublishedResult(pending.id(), call.requestId(), JSON.writeValueAsString(toMap(call)),
                    call.finishedAt().atZone(zone).toLocalDate().format(FILE_DATE), call.channel(), call.status().name(),
                    call.reason(), pending.claimedBefore()));
        }
        return published;
    }

    /**
     * Appends the batch to the daily results files, one write per file. A result claimed before (a publisher that
     * wrote its line may have died before marking it emitted) is written only if its file does not hold it yet; the
     * file is read only then.
     */
    public void appendToFiles(List<PublishedResult> batch) throws IOException {
        Map<String, List<PublishedResult>> byDate = new LinkedHashMap<>();
        batch.forEach(result -> byDate.computeIfAbsent(result.date(), d -> new ArrayList<>()).add(result));
        Files.createDirectories(outbox);
        for (Map.Entry<String, List<PublishedResult>> day : byDate.entrySet()) {
            Path file = outbox.resolve("results-" + day.getKey() + ".jsonl");
            Set<String> inFile = day.getValue().stream().anyMatch(PublishedResult::claimedBefore) ? requestIdsIn(file) : Set.of();
            StringBuilder lines = new StringBuilder();
            for (PublishedResult result : day.getValue()) {
                if (!(result.claimedBefore() && inFile.contains(result.requestId()))) {
                    lines.append(result.json()).append('\n');
                }
            }
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            // one append of the whole batch, locked: other nodes sharing the outbox append whole batches too, never
            // mixed, and an erasure rewriting the file (SubjectFiles) loses no line appended meanwhile
            FileLocks.appending(file, channel -> {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                return null;
            });
        }
    }

    /** How many results of a batch share a counter's tags: the metrics are counted once per tally, not per result. */
    public record Tally(String channel, String status, String reason, int count) {
    }

    /**
     * The batch counted by channel, status and reason (the reason only where it names a rule that refused the call:
     * the refusal counter's tag; any other reason is free text and would make a counter per call).
     */
    public List<Tally> tally(List<PublishedResult> batch) {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (PublishedResult result : batch) {
            String reason = result.reason() != null && REFUSAL_REASONS.contains(result.reason()) ? result.reason() : "";
            counts.merge(List.of(result.channel(), result.status(), reason), 1, Integer::sum);
        }
        List<Tally> tallies = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> tallies.add(new Tally(key.get(0), key.get(1), key.get(2), count)));
        return tallies;
    }

    public List<Long> outboxIds(List<PublishedResult> batch) {
        return batch.stream().map(PublishedResult::outboxId).toList();
    }

    private static Set<String> requestIdsIn(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                try {
                    ids.add(JSON.readTree(line).path("requestId").asText());
                } catch (JsonProcessingException e) {
                    // a line cut short by a crash: not a result this batch has written
                }
            });
        }
        return ids;
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
        // the attempt whose outcome this is, and the most its channel's redial policy allowed (1 and 1 without one)
        result.put("attempt", call.attempt());
        result.put("attempts", call.maxAttempts());
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
