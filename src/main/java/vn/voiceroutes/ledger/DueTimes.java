package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a call may be placed, and until when: a call HELD until its due time (its sendDate, the calling window's
 * opening) is QUEUED again once it comes; a call not placed by its notAfter (the record's, or its channel's
 * voice.validity.&lt;channel&gt;-ms) is never claimed after it and ends EXPIRED, reported and published like any
 * outcome, whether or not its provider is open.
 */
public class DueTimes {

    private static final Logger LOG = LoggerFactory.getLogger(DueTimes.class);

    /** HELD calls of these channels whose time has come are QUEUED, the longest due first (call_request_held_due). */
    static final String RELEASE_DUE = """
            update call_request set status = 'QUEUED', updated_at = now()
             where request_id in (select request_id from call_request
                                   where status = 'HELD' and next_attempt_at <= now() and channel = any(?)
                                   order by next_attempt_at limit ? for update skip locked)""";

    /** What the dispatchers add to their claims: no call past its notAfter. */
    static final String NOT_EXPIRED = "(r.not_after is null or r.not_after > now())";

    /** The calls not placed by their notAfter, a batch at a time (call_request_not_after), not those being sent. */
    static final String EXPIRE = """
            update call_request c set status = 'EXPIRED', reason = 'not placed before ' || to_char(c.not_after at time zone ?,
                                          'YYYY-MM-DD HH24:MI:SS') || ' (' || ? || ')',
                                      last_error = 'its time to be placed ran out', ENDED
             where c.request_id in (select request_id from call_request r
                                     where status in ('QUEUED', 'HELD') and not_after <= now() and LAPSED
                                     order by not_after limit ? for update skip locked)
            returning c.request_id""".replace("ENDED", ResultOutbox.ENDED).replace("LAPSED", Claims.lapsed("r"));

    private final LedgerDatabase db;
    private final java.time.ZoneId zone;

    public DueTimes(LedgerDatabase db, java.time.ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    static void releaseDue(Connection connection, String[] channels, int limit) throws SQLException {
        try (PreparedStatement due = connection.prepareStatement(RELEASE_DUE)) {
            due.setArray(1, connection.createArrayOf("varchar", channels));
            due.setInt(2, Math.max(limit, 1) * 2);
            due.executeUpdate();
        }
    }

    /** Ends EXPIRED up to {@code limit} calls whose notAfter passed before they were placed; how many. */
    public int expireUnplaced(int limit) {
        int expired = db.inTransaction(connection -> {
            List<String> ids = Sql.strings(connection, EXPIRE, zone.getId(), zone.getId(), limit);
            ResultOutbox.queueResults(connection, ids);
            if (!ids.isEmpty()) {
                LOG.info("{} call(s) not placed before their notAfter ended EXPIRED (e.g. {})", ids.size(), ids.get(0));
            }
            return ids.size();
        });
        return expired;
    }
}
