package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.voiceroutes.model.CallPurpose;
import vn.voiceroutes.model.CallRequest;

/**
 * Decree 91/2020/ND-CP's rules for advertising calls, decided in the ledger as calls are registered, so that two
 * nodes given the same phone cannot both pass it: no call to a number on the do-not-call lists (the national
 * register, the project's own opt-outs), and at most {@code maxPer24h} advertising calls to one phone in any 24
 * hours, across channels, files and nodes. Transactional calls skip them (their purpose is kept in the ledger).
 */
public class CallingRules {

    /** The reasons a refused call is REJECTED with, in the ledger, the error file, the report and the metrics. */
    public static final String DO_NOT_CALL = "do-not-call";
    public static final String FREQUENCY_CAP = "frequency-cap";

    /** The lists of suppressed_phone. */
    public static final String NATIONAL_REGISTER = "do-not-call";
    public static final String OPT_OUT = "opt-out";

    /**
     * Its phones' advertising calls of the last 24 hours and those held for later, and the latest time one of them
     * takes its place under the cap; reads the partial index call_request_advertising_by_phone.
     */
    static final String RECENT_ADVERTISING = """
            select phone, count(*), max(cap_at) from call_request
             where phone = any(?) and purpose = 'advertising' and status <> 'REJECTED'
               and cap_at > now() - interval '24 hours' and request_id <> all(?)
             group by phone""";

    /** What a channel's route may ask for an advertising call over the cap (CallRequest.whenCapped). */
    public static final String HOLD = "hold";
    public static final String REFUSE = "refuse";

    /** Which of these phones are listed; reads suppressed_phone's primary key. */
    static final String LISTED = "select phone, list from suppressed_phone where phone = any(?)";

    /** A call not yet placed refused by a rule (reason, explanation, request id): final, its result to be queued. */
    private static final String REFUSED = """
            update call_request set status = 'REJECTED', reason = ?, last_error = ?, ENDED
             where request_id = ? and status in ('QUEUED', 'HELD')""".replace("ENDED", ResultOutbox.ENDED);

    private final int maxPer24h;
    private final SubjectKey subjects;

    public CallingRules(int maxPer24h) {
        this(maxPer24h, null);
    }

    /** subjects: the erased numbers' form, so that an erased number's opt-out and cap still hold (null: none erased). */
    public CallingRules(int maxPer24h, SubjectKey subjects) {
        this.maxPer24h = maxPer24h;
        this.subjects = subjects;
    }

    /** These phones and their erased forms, for the lists and the cap; and each erased form's phone. */
    private Object[] withErased(Object[] phones, Map<String, String> phoneOfErased) {
        if (subjects == null) {
            return phones;
        }
        List<Object> all = new java.util.ArrayList<>(java.util.Arrays.asList(phones));
        for (Object phone : phones) {
            String erased = subjects.erased((String) phone);
            phoneOfErased.put(erased, (String) phone);
            all.add(erased);
        }
        return all.toArray();
    }

    /**
     * A call a rule stops, and why (a reason above, and the words for the error file): refused, or, where its channel
     * asks for it, held until the cap allows it ({@code heldUntil} set).
     */
    public record Refusal(String reason, String explanation, java.time.OffsetDateTime heldUntil) {
    }

    /**
     * The calls just registered that a rule stops are REJECTED at once with the rule's reason (never sent, reported
     * and published like any refusal), or held by the cap until the day allows them, QUEUED.
     */
    Map<String, Refusal> apply(Connection connection, List<CallRequest> registered) throws SQLException {
        Map<String, Refusal> refusals = refusals(connection, registered);
        for (Map.Entry<String, Refusal> refused : refusals.entrySet()) {
            if (refused.getValue().heldUntil() != null) {
                // held by the cap: it waits, QUEUED, and takes its place under the cap at that time
                try (PreparedStatement update = connection.prepareStatement(
                        "update call_request set cap_at = ?, next_attempt_at = greatest(next_attempt_at, ?), last_error = ? where request_id = ?")) {
                    update.setObject(1, refused.getValue().heldUntil());
                    update.setObject(2, refused.getValue().heldUntil());
                    update.setString(3, refused.getValue().reason() + ": " + refused.getValue().explanation());
                    update.setString(4, refused.getKey());
                    update.executeUpdate();
                }
                continue;
            }
            // just registered in this transaction: no node holds it, ENDED changes no claim
            Sql.update(connection, REFUSED, refused.getValue().reason(), refused.getValue().explanation(), refused.getKey());
            ResultOutbox.queueResults(connection, List.of(refused.getKey()));
        }
        return refusals;
    }

    /**
     * For calls just registered in this transaction (in their order), the refusal of each advertising one a rule
     * stops, by RequestId. The phones are locked until the transaction ends (in one order, so two nodes never wait
     * on each other), so another node's registration of the same phone counts this one's calls.
     */
    Map<String, Refusal> refusals(Connection connection, List<CallRequest> registered) throws SQLException {
        List<CallRequest> advertising = registered.stream().filter(call -> CallPurpose.ADVERTISING.equals(call.getPurpose())).toList();
        if (advertising.isEmpty()) {
            return Map.of();
        }
        Object[] phones = advertising.stream().map(CallRequest::getPhone).distinct().sorted().toArray();
        java.time.OffsetDateTime now;
        try (PreparedStatement lock = connection.prepareStatement("""
                select pg_advisory_xact_lock(key), now() from (
                    select hashtextextended('voice-phone:' || phone, 0) as key from unnest(?::varchar[]) phone order by phone) keys""")) {
            lock.setArray(1, connection.createArrayOf("varchar", phones));
            try (ResultSet locked = lock.executeQuery()) {
                locked.next();
                // the transaction's time: the cap_at of the calls it registers
                now = locked.getObject(2, java.time.OffsetDateTime.class);
            }
        }
        Map<String, String> phoneOfErased = new HashMap<>();
        Object[] looked = withErased(phones, phoneOfErased);
        Map<String, String> listed = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(LISTED)) {
            select.setArray(1, connection.createArrayOf("varchar", looked));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    // the national register is named first: it is the one the fines are for
                    listed.merge(phoneOfErased.getOrDefault(rows.getString(1), rows.getString(1)), rows.getString(2),
                            (a, b) -> NATIONAL_REGISTER.equals(a) ? a : b);
                }
            }
        }
        Map<String, Long> recent = new HashMap<>();
        Map<String, java.time.OffsetDateTime> latest = new HashMap<>();
        try (PreparedStatement count = connection.prepareStatement(RECENT_ADVERTISING)) {
            count.setArray(1, connection.createArrayOf("varchar", looked));
            count.setArray(2, connection.createArrayOf("varchar", registered.stream().map(CallRequest::getRequestId).toArray()));
            try (ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    // an erased number's calls count with the number's
                    String phone = phoneOfErased.getOrDefault(rows.getString(1), rows.getString(1));
                    recent.merge(phone, rows.getLong(2), Long::sum);
                    java.time.OffsetDateTime at = rows.getObject(3, java.time.OffsetDateTime.class);
                    latest.merge(phone, at, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        Map<String, Refusal> refusals = new LinkedHashMap<>();
        for (CallRequest call : advertising) {
            String list = listed.get(call.getPhone());
            if (list != null) {
                refusals.put(call.getRequestId(), new Refusal(DO_NOT_CALL, NATIONAL_REGISTER.equals(list)
                        ? "is on the national Do-Not-Call register: no advertising call to it (Decree 91/2020/ND-CP)"
                        : "opted out of our calls: no advertising call to it", null));
                continue;
            }
            long calls = recent.getOrDefault(call.getPhone(), 0L);
            recent.put(call.getPhone(), calls + 1);
            if (calls < maxPer24h) {
                latest.merge(call.getPhone(), now, (a, b) -> a.isAfter(b) ? a : b);
                continue; // it takes its place now (cap_at, set as it was registered)
            }
            if (HOLD.equals(call.getWhenCapped())) {
                // after the last call it would share a day with, a full day later
                java.time.OffsetDateTime until = latest.get(call.getPhone()).plusHours(24);
                latest.put(call.getPhone(), until);
                refusals.put(call.getRequestId(), new Refusal(FREQUENCY_CAP, "held until " + until + ": " + calls
                        + " advertising call" + (calls == 1 ? "" : "s") + " share its day (voice.compliance.max-advertising-calls-per-24h = "
                        + maxPer24h + ")", until));
                continue;
            }
            recent.put(call.getPhone(), calls);
            refusals.put(call.getRequestId(), new Refusal(FREQUENCY_CAP, "had " + calls + " advertising call"
                    + (calls == 1 ? "" : "s") + " in the last 24 hours, the most allowed (voice.compliance.max-advertising-calls-per-24h = "
                    + maxPer24h + ")", null));
        }
        return refusals;
    }

    /**
     * Of calls claimed to be sent now, the advertising ones whose number was listed since they were registered (an
     * opt-out pressed in another call, a new register) are REJECTED with reason do-not-call instead; the rest are
     * returned, in their order.
     */
    List<CallRequest> withdrawListed(Connection connection, List<CallRequest> claimed) throws SQLException {
        Object[] phones = claimed.stream().filter(call -> CallPurpose.ADVERTISING.equals(call.getPurpose()))
                .map(CallRequest::getPhone).distinct().toArray();
        if (phones.length == 0) {
            return claimed;
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        Map<String, String> phoneOfErased = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(LISTED)) {
            select.setArray(1, connection.createArrayOf("varchar", withErased(phones, phoneOfErased)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    listed.add(phoneOfErased.getOrDefault(rows.getString(1), rows.getString(1)));
                }
            }
        }
        if (listed.isEmpty()) {
            return claimed;
        }
        List<CallRequest> allowed = new java.util.ArrayList<>();
        for (CallRequest call : claimed) {
            if (!CallPurpose.ADVERTISING.equals(call.getPurpose()) || !listed.contains(call.getPhone())) {
                allowed.add(call);
                continue;
            }
            if (Sql.update(connection, REFUSED, DO_NOT_CALL, "listed after it was registered: no advertising call to it",
                    call.getRequestId()) == 1) {
                ResultOutbox.queueResults(connection, List.of(call.getRequestId()));
            }
        }
        return allowed;
    }
}
