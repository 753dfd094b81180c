package vn.voiceroutes.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.model.CallStatus;

/**
 * What the console shows (GET /api/campaigns, the same as GET /api/batches; /api/outcomes,
 * /api/batches/{id}/report): every campaign (a file, or a queue's day) in progress or recent with its state and its
 * calls counted by status, and final outcomes over time per channel.
 */
public class ConsoleQueries {

    public static final int MAX_HOURS = 24 * 31;

    private final DataSource dataSource;
    private final vn.voiceroutes.ledger.Campaigns campaigns;
    private final ZoneId zone;
    private final Path reports;
    private final Clock clock;
    private final Recent<List<Map<String, Object>>> recentBatches;
    private final Recent<Map<String, Object>> recentOutcomes;

    public ConsoleQueries(DataSource dataSource, vn.voiceroutes.ledger.Campaigns campaigns, ZoneId zone, Path reports, Clock clock) {
        this.dataSource = dataSource;
        this.campaigns = campaigns;
        this.zone = zone;
        this.reports = reports;
        this.clock = clock;
        this.recentBatches = new Recent<>(clock);
        this.recentOutcomes = new Recent<>(clock);
    }

    /**
     * The last answer to a question, given again while it is fresh: at least a second, and five times as long as the
     * question took to answer. Counting the calls of a 1,000,000-row file by status takes seconds; every open console
     * asking every 2 s would keep the database busy with it. One question is asked at a time.
     */
    static final class Recent<T> {
        interface Question<T> {
            T ask() throws SQLException;
        }

        private record Answer<T>(T value, Instant at, Duration took) {
        }

        private final Clock clock;
        private final Map<Integer, Answer<T>> answers = new java.util.HashMap<>();

        Recent(Clock clock) {
            this.clock = clock;
        }

        /** The next question is answered anew (an operator just changed what it shows). */
        synchronized void forget() {
            answers.clear();
        }

        synchronized T get(int key, Question<T> question) throws SQLException {
            Answer<T> last = answers.get(key);
            Instant now = clock.instant();
            if (last != null && now.isBefore(last.at().plus(max(Duration.ofSeconds(1), last.took().multipliedBy(5))))) {
                return last.value();
            }
            T value = question.ask();
            Instant answered = clock.instant();
            answers.put(key, new Answer<>(value, answered, Duration.between(now, answered)));
            return value;
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }

    /**
     * Files and queue days with a call not final yet, and those with a call registered in the last {@code hours},
     * newest first: counts by status, the file's rows read and refused, its report once written, and its campaign's
     * name and state (RUNNING, PAUSED, STOPPED, or COMPLETED once a running campaign's calls are all final).
     */
    public List<Map<String, Object>> batches(Integer hours) throws SQLException {
        int span = hours(hours, 48);
        return recentBatches.get(span, () -> readBatches(span));
    }

    /** An operator paused, resumed, stopped or cancelled something: the next listing shows it at once. */
    public void batchesChanged() {
        recentBatches.forget();
    }

    private List<Map<String, Object>> readBatches(int hours) throws SQLException {
        Instant since = clock.instant().minus(Duration.ofHours(hours));
        Map<String, Map<String, Object>> batches = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> waiting = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select distinct batch_id from call_request where status in ('QUEUED', 'HELD', 'SUBMITTED') and batch_id is not null");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    waiting.add(rows.getString(1));
                }
            }
            // two index scans (created_at, batch_id) rather than the whole ledger; queue messages are grouped by queue
            // and (Vietnam) day, as files are by file
            String sql = """
                    select coalesce(c.campaign_id, c.batch_id, 'queue:' || coalesce(c.source_name, '') || ':' || to_char(c.created_at at time zone ?, 'YYYY-MM-DD')),
                           min(c.channel), min(c.source_type), min(c.source_name), min(c.created_at),
                           max(coalesce(c.finished_at, c.updated_at)), c.status, count(*),
                           min(b.file_name), min(b.rows_read), min(b.invalid_rows), min(b.report_name), min(b.read_at)
                      from call_request c left join call_batch b on b.batch_id = c.batch_id
                     where c.created_at >= ? or c.batch_id = any (?)
                     group by 1, c.status order by 5 desc""";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, zone.getId());
                select.setTimestamp(2, Timestamp.from(since));
                Array ids = connection.createArrayOf("varchar", waiting.toArray());
                select.setArray(3, ids);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String key = rows.getString(1);
                        Map<String, Object> batch = batches.computeIfAbsent(key, k -> newBatch(k));
                        batch.putIfAbsent("channel", rows.getString(2));
                        batch.putIfAbsent("kind", "file".equals(rows.getString(3)) ? "file" : "queue");
                        batch.putIfAbsent("source", rows.getString(9) != null ? rows.getString(9) : rows.getString(4));
                        earliest(batch, "firstAt", rows.getTimestamp(5));
                        latest(batch, "lastAt", rows.getTimestamp(6));
                        @SuppressWarnings("unchecked")
                        Map<String, Long> counts = (Map<String, Long>) batch.get("counts");
                        counts.put(rows.getString(7), rows.getLong(8));
                        if (rows.getObject(10) != null) {
                            batch.put("rowsRead", rows.getLong(10));
                            batch.put("invalidRows", rows.getLong(11));
                            batch.put("readToEnd", true);
                        }
                        batch.putIfAbsent("report", rows.getString(12));
                    }
                }
            }
        }
        Map<String, vn.voiceroutes.ledger.Campaigns.State> states = campaigns.states(batches.keySet());
        List<Map<String, Object>> answer = new ArrayList<>();
        for (Map<String, Object> batch : batches.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Long> counts = (Map<String, Long>) batch.get("counts");
            long registered = counts.values().stream().mapToLong(Long::longValue).sum();
            long waitingToSend = counts.getOrDefault("QUEUED", 0L) + counts.getOrDefault("HELD", 0L);
            long open = waitingToSend + counts.getOrDefault("SUBMITTED", 0L);
            batch.put("registered", registered);
            batch.put("sent", registered - waitingToSend);
            batch.put("final", registered - open);
            boolean done = open == 0 && ("queue".equals(batch.get("kind")) || batch.containsKey("readToEnd"));
            batch.put("done", done);
            vn.voiceroutes.ledger.Campaigns.State kept = states.get((String) batch.get("id"));
            batch.put("name", kept == null ? batch.get("source") : kept.name());
            String state = kept == null ? vn.voiceroutes.ledger.Campaigns.RUNNING : kept.state();
            batch.put("state", done && vn.voiceroutes.ledger.Campaigns.RUNNING.equals(state) ? vn.voiceroutes.ledger.Campaigns.COMPLETED : state);
            // a campaign registered before campaigns were kept cannot be paused (its calls carry none)
            batch.put("controllable", kept != null);
            batch.put("firstAt", at((Timestamp) batch.get("firstAt")));
            batch.put("lastAt", at((Timestamp) batch.get("lastAt")));
            answer.add(batch);
        }
        return answer;
    }

    private static Map<String, Object> newBatch(String key) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("id", key);
        batch.put("counts", new TreeMap<String, Long>());
        return batch;
    }

    private static void earliest(Map<String, Object> batch, String name, Timestamp value) {
        Timestamp now = (Timestamp) batch.get(name);
        if (value != null && (now == null || value.before(now))) {
            batch.put(name, value);
        }
    }

    private static void latest(Map<String, Object> batch, String name, Timestamp value) {
        Timestamp now = (Timestamp) batch.get(name);
        if (value != null && (now == null || value.after(now))) {
            batch.put(name, value);
        }
    }

    private String at(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().atZone(zone).toOffsetDateTime().toString();
    }

    /**
     * Final outcomes of the last {@code hours} per channel, counted by status in equal buckets of time (at least a
     * minute, about a hundred of them): {bucketSeconds, times: [epoch seconds], channels: {channel: {STATUS: [..]}}}.
     */
    public Map<String, Object> outcomes(Integer hours) throws SQLException {
        int span = hours(hours, 24);
        return recentOutcomes.get(span, () -> readOutcomes(span));
    }

    private Map<String, Object> readOutcomes(int span) throws SQLException {
        long bucket = Math.max(60, span * 3600L / 96);
        long now = clock.instant().getEpochSecond();
        long first = (now - span * 3600L) / bucket * bucket;
        int buckets = (int) ((now - first) / bucket) + 1;
        List<Long> times = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            times.add(first + i * bucket);
        }
        Map<String, Map<String, long[]>> channels = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select channel, status, floor(extract(epoch from finished_at) / ?)::bigint, count(*)
                          from call_request where finished_at >= ?
                         group by 1, 2, 3""")) {
            select.setLong(1, bucket);
            select.setTimestamp(2, Timestamp.from(Instant.ofEpochSecond(first)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int index = (int) (rows.getLong(3) * bucket - first) / (int) bucket;
                    if (index < 0 || index >= buckets || !CallStatus.valueOf(rows.getString(2)).isFinal()) {
                        continue;
                    }
                    channels.computeIfAbsent(rows.getString(1), c -> new TreeMap<>())
                            .computeIfAbsent(rows.getString(2), s -> new long[buckets])[index] += rows.getLong(4);
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bucketSeconds", bucket);
        answer.put("times", times);
        answer.put("channels", channels);
        return answer;
    }

    /**
     * The Content-Disposition of a report's download. The report is named after the dropped file, which may hold quotes,
     * semicolons or line breaks: the plain filename keeps letters, digits, '.', '-' and '_' only (anything else '_'),
     * and the real name goes in filename* (RFC 6266), percent-encoded, so nothing in it can end the header or add one.
     */
    public static String attachment(String name) {
        String plain = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + plain + "\"; filename*=UTF-8''" + encoded;
    }

        /** The written report of a batch, or a 404. */
    public Path report(String batchId) throws SQLException {
        vn.voiceroutes.http.HttpChecks.text("batch", batchId, 64);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select report_name from call_batch where batch_id = ?")) {
            select.setString(1, batchId);
            try (ResultSet row = select.executeQuery()) {
                String name = row.next() ? row.getString(1) : null;
                Path file = name == null ? null : reports.resolve(name).normalize();
                if (file == null || !file.startsWith(reports) || !Files.isRegularFile(file)) {
                    throw new BadRequestException(404, "no report for batch " + batchId + " (yet)");
                }
                return file;
            }
        }
    }

    private static int hours(Integer hours, int fallback) {
        if (hours == null) {
            return fallback;
        }
        if (hours < 1 || hours > MAX_HOURS) {
            throw new BadRequestException("hours must be from 1 to " + MAX_HOURS);
        }
        return hours;
    }
}
