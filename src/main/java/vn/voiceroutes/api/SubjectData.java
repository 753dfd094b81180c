package vn.voiceroutes.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * GET /api/subjects/{phone} (admin): everything this installation keeps about one phone number, as Vietnam's Personal
 * Data Protection Law (91/2025/QH15) lets its subscriber ask: the calls to it and their attempts, the providers'
 * reports of them (and reports that named the number but no call of ours), its do-not-call and opt-out entries with
 * their history, the webhook events that carried it, and each file under the work folder where it appears (with the
 * lines). The number is looked for in every form it may be written in (0912345678, 84912345678, +84 912 345 678):
 * all of them hold its national digits after the 0.
 */
public class SubjectData {

    private static final int FILE_LINES_SHOWN = 20;

    private final DataSource dataSource;
    private final vn.voiceroutes.sink.SubjectFiles files;
    private final vn.voiceroutes.ledger.SubjectErasure erasure;
    private final vn.voiceroutes.ledger.OperatorLog log;
    private final java.time.ZoneId zone;

    public SubjectData(DataSource dataSource, vn.voiceroutes.sink.SubjectFiles files, vn.voiceroutes.ledger.SubjectErasure erasure,
            vn.voiceroutes.ledger.OperatorLog log, java.time.ZoneId zone) {
        this.zone = zone;
        this.dataSource = dataSource;
        this.files = files;
        this.erasure = erasure;
        this.log = log;
    }

    /** As the application makes it: the files under the work folder, the ledger's erasure, the operator log. */
    public static SubjectData of(DataSource dataSource, Path work, vn.voiceroutes.ledger.LedgerDatabase ledger,
            vn.voiceroutes.ledger.SubjectKey key, java.time.ZoneId zone) {
        return new SubjectData(dataSource, new vn.voiceroutes.sink.SubjectFiles(work), new vn.voiceroutes.ledger.SubjectErasure(ledger, key),
                new vn.voiceroutes.ledger.OperatorLog(ledger), zone);
    }

    /**
     * The key erased numbers are hashed with: voice.subject-key (at least 32 characters), else one generated into the
     * work folder's data (owner-only) at first start. Nodes sharing a ledger must share it.
     */
    public static vn.voiceroutes.ledger.SubjectKey key(java.util.Optional<String> configured, Path generated) {
        String value = configured.map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
        if (value != null && value.length() < 32) {
            throw new IllegalStateException("voice.subject-key has " + value.length() + " characters: at least 32 are needed "
                    + "(e.g. openssl rand -hex 32)");
        }
        return new vn.voiceroutes.ledger.SubjectKey(vn.voiceroutes.config.LocalSecret.configuredOrGenerated(value, generated)
                .reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Map<String, Object> about(String phone) throws SQLException, IOException {
        String national;
        try {
            national = PhoneNumbers.normalize("phone", phone);
        } catch (InvalidRecordException e) {
            throw new BadRequestException(400, e.getMessage());
        }
        String digits = national.substring(1); // what every written form of it holds
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("phone", national);
        try (Connection connection = dataSource.getConnection()) {
            List<Map<String, Object>> calls = rows(connection, """
                    select request_id, channel, status, purpose, created_at, submitted_at, finished_at, attempt, source_type,
                           source_name, source_line, campaign_id, reason from call_request where phone = ? order by created_at""", national);
            answer.put("calls", calls);
            List<String> ids = calls.stream().map(call -> (String) call.get("requestId")).toList();
            answer.put("attempts", rows(connection, """
                    select request_id, attempt, status, provider_ref, finished_at from call_attempt
                     where request_id = any(?) order by request_id, attempt""", ids));
            answer.put("providerReports", rows(connection, """
                    select request_id, provider, kind, status, received_at, payload from call_event
                     where request_id = any(?) or (request_id is null and payload like ?) order by received_at""", ids, "%" + digits + "%"));
            answer.put("suppression", rows(connection, """
                    select list, added_at, added_by, evidence_request_id from suppressed_phone where phone = ? order by list""", national));
            answer.put("suppressionHistory", rows(connection, """
                    select list, action, changed_by, evidence, changed_at from suppression_change where phone = ? order by changed_at""", national));
            answer.put("webhookEvents", rows(connection, """
                    select event_id, type, channel, created_at, delivered_at, dead_at from webhook_event
                     where body like ? order by created_at""", "%" + digits + "%"));
        }
        List<Map<String, Object>> named = new ArrayList<>();
        for (vn.voiceroutes.sink.SubjectFiles.Found file : files.find(national)) {
            named.add(Map.of("path", file.path(), "lines", file.lines().size(),
                    "firstLines", file.lines().subList(0, Math.min(FILE_LINES_SHOWN, file.lines().size()))));
        }
        answer.put("files", named);
        boolean nothing = answer.values().stream().allMatch(value -> value instanceof List<?> list && list.isEmpty()
                || value instanceof String);
        if (nothing) {
            throw new BadRequestException(404, "nothing is kept about " + national);
        }
        return answer;
    }

    /**
     * DELETE /api/subjects/{phone}?reason= (admin): erases the number from the ledger (SubjectErasure: calls not placed
     * withdrawn first, a keyed hash kept so its opt-out and cap still hold) and from every file under the work folder
     * (SubjectFiles); who did it, when and why is kept in operator_action, under the hash, never the number. 404
     * when nothing is kept about it.
     */
    public Map<String, Object> erase(String phone, String reason, String who) throws SQLException, IOException {
        Map<String, Object> kept = about(phone); // 400 or 404 first
        String national = (String) kept.get("phone");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("erasedAs", erasure.erasedForm(national));
        answer.putAll(erasure.erase(national));
        answer.put("files", files.erase(national));
        log.record(who, "erase", erasure.erasedForm(national), answer.toString().replace(national, "(erased)")
                + (reason == null || reason.isBlank() ? "" : "; " + vn.voiceroutes.http.HttpChecks.text("reason", reason.strip(), 300)));
        return answer;
    }

    private List<Map<String, Object>> rows(Connection connection, String sql, Object... values) throws SQLException {
        return JsonRows.of(connection, zone, sql, java.util.Arrays.asList(values));
    }
}
