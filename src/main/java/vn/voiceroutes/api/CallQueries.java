package vn.voiceroutes.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import vn.voiceroutes.model.CallStatus;

/**
 * Read-only questions operators ask of the ledger (GET /api/calls): one call with its event history, and calls
 * filtered by status, channel, source and time, newest first, a page at a time. Never secrets: the ledger holds none.
 */
public class CallQueries {

    public static final int MAX_PAGE_SIZE = 500;
    /** Deep pages are read through with filters (from, to), not by offset: an offset this deep would scan the ledger. */
    public static final int MAX_PAGE = 10_000;

    private static final String COLUMNS = """
            request_id, channel, phone, status, provider_ref, provider_code, reason, duration_seconds, price, ivr,
            source_type, source_name, source_line, source_message_id, attempts, last_error, created_at, submitted_at,
            finished_at, attempt, max_attempts""";

    private final DataSource dataSource;
    private final ZoneId zone;
    public CallQueries(DataSource dataSource, ZoneId zone) {
        this.dataSource = dataSource;
        this.zone = zone;
    }

    /** GET /api/calls/{requestId}: the call with its events as JSON, or 404. */
    public void answerCall(org.apache.camel.Exchange exchange) throws Exception {
        org.apache.camel.Message message = exchange.getMessage();
        String requestId = message.getHeader("requestId", String.class);
        try {
            vn.voiceroutes.http.HttpChecks.text("requestId", requestId, vn.voiceroutes.model.CallRequest.REQUEST_ID_MAX);
        } catch (vn.voiceroutes.http.BadRequestException e) {
            respond(message, 400, Map.of("error", e.getMessage()));
            return;
        }
        Optional<Map<String, Object>> call = call(requestId);
        respond(message, call.isPresent() ? 200 : 404, call.isPresent() ? call.get() : Map.of("error", "no such call"));
    }

    /** GET /api/calls?status=&channel=&source=&from=&to=&page=&size=: a page of calls as JSON, or 400. */
    public void answerSearch(org.apache.camel.Exchange exchange) throws Exception {
        org.apache.camel.Message message = exchange.getMessage();
        try {
            respond(message, 200, search(new Filters(message.getHeader("status", String.class), message.getHeader("channel", String.class),
                    message.getHeader("source", String.class), message.getHeader("phone", String.class),
                    message.getHeader("from", String.class), message.getHeader("to", String.class)),
                    message.getHeader("page", Integer.class), message.getHeader("size", Integer.class)));
        } catch (IllegalArgumentException | org.apache.camel.TypeConversionException | vn.voiceroutes.http.BadRequestException e) {
            respond(message, 400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (vn.voiceroutes.model.InvalidRecordException e) {
            respond(message, 400, Map.of("error", "phone " + e.reason()));
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static void respond(org.apache.camel.Message message, int status, Object body) throws Exception {
        message.getHeaders().clear();
        message.setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(org.apache.camel.Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setBody(JSON.writeValueAsString(body));
    }

    /** The call and its events, or empty when the ledger has no such call. */
    public Optional<Map<String, Object>> call(String requestId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Map<String, Object>> calls = rows(connection, "select " + COLUMNS + " from call_request where request_id = ?", List.of(requestId));
            if (calls.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> call = calls.get(0);
            call.put("events", rows(connection, """
                    select id, kind, provider, provider_ref, status, payload, received_at
                      from call_event where request_id = ? order by id""", List.of(requestId)));
            // the attempts before the one it is on (redial on outcome)
            call.put("pastAttempts", rows(connection, """
                    select attempt, status, provider_ref, reason, duration_seconds, submitted_at, finished_at, redial_at
                      from call_attempt where request_id = ? order by attempt""", List.of(requestId)));
            return Optional.of(call);
        }
    }

    /**
     * What a search asks for (null = any): status, channel, source (file name or queue), phone (any form the channels
     * accept), created from and to (ISO-8601 instants or dates).
     */
    public record Filters(String status, String channel, String source, String phone, String from, String to) {
    }

    /** Calls matching every filter given, newest first; page from 1. */
    public Map<String, Object> search(Filters filters, Integer page, Integer size) throws SQLException {
        String status = filters.status(), channel = filters.channel(), source = filters.source(), phone = filters.phone(),
                from = filters.from(), to = filters.to();
        if (page != null && (page < 1 || page > MAX_PAGE)) {
            throw new IllegalArgumentException("page must be from 1 to " + MAX_PAGE);
        }
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_PAGE_SIZE);
        }
        for (String[] filter : new String[][] {{"status", status}, {"channel", channel}, {"source", source}, {"phone", phone}, {"from", from}, {"to", to}}) {
            vn.voiceroutes.http.HttpChecks.text(filter[0], filter[1], 1_000);
        }
        int pageNumber = page == null ? 1 : page;
        int pageSize = size == null ? 50 : size;
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from call_request where true");
        List<Object> args = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            sql.append(" and status = ?");
            try {
                args.add(CallStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT)).name());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be one of " + java.util.Arrays.toString(CallStatus.values()));
            }
        }
        if (channel != null && !channel.isBlank()) {
            sql.append(" and channel = ?");
            args.add(channel.strip());
        }
        if (source != null && !source.isBlank()) {
            sql.append(" and source_name = ?");
            args.add(source.strip());
        }
        if (phone != null && !phone.isBlank()) {
            sql.append(" and phone = ?");
            args.add(vn.voiceroutes.phone.PhoneNumbers.normalize("phone", phone));
        }
        if (from != null && !from.isBlank()) {
            sql.append(" and created_at >= ?");
            args.add(instant(from));
        }
        if (to != null && !to.isBlank()) {
            sql.append(" and created_at < ?");
            args.add(instant(to));
        }
        sql.append(" order by created_at desc, request_id limit ? offset ?");
        args.add(pageSize + 1);
        args.add((long) (pageNumber - 1) * pageSize);
        try (Connection connection = dataSource.getConnection()) {
            List<Map<String, Object>> calls = rows(connection, sql.toString(), args);
            boolean more = calls.size() > pageSize;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("page", pageNumber);
            result.put("size", pageSize);
            result.put("hasMore", more);
            result.put("calls", more ? calls.subList(0, pageSize) : calls);
            return result;
        }
    }

    private Timestamp instant(String text) {
        String value = text.strip();
        try {
            return Timestamp.from(OffsetDateTime.parse(value).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Timestamp.from(java.time.LocalDate.parse(value).atStartOfDay(zone).toInstant());
            } catch (java.time.format.DateTimeParseException again) {
                throw new IllegalArgumentException("'" + value + "' is not a date (2026-11-22) or an instant (2026-11-22T08:00:00+07:00)");
            }
        }
    }

    private List<Map<String, Object>> rows(Connection connection, String sql, List<?> args) throws SQLException {
        return JsonRows.of(connection, zone, sql, args);
    }
}
