package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erases one phone number from the ledger (DELETE /api/subjects/{phone}), in one transaction: its calls not placed yet
 * are withdrawn (CANCELLED, never sent); every call keeps its row and outcome, its number replaced by the keyed hash
 * (SubjectKey) and its request (name, variables, the provider's parameters) dropped, no redial left; the providers'
 * reports of them, and reports naming the number but no call, keep their outcome but not their payload; its
 * do-not-call and opt-out entries and their history are kept under the hash (so they still hold, and its 24-hour
 * cap still counts); webhook events that carried it are deleted; results not published yet are not published (they
 * would carry what is left of it). Operator actions naming it name the hash instead.
 */
public class SubjectErasure {

    public static final String ERASED = "{\"erased\":true}";

    private final LedgerDatabase db;
    private final SubjectKey subjects;

    public SubjectErasure(LedgerDatabase db, SubjectKey subjects) {
        this.db = db;
        this.subjects = subjects;
    }

    /** What the erasure changed, by kind: withdrawn, calls, reports, suppression, webhookEvents, operatorActions. */
    public Map<String, Integer> erase(String nationalPhone) {
        String erased = subjects.erased(nationalPhone);
        String like = "%" + nationalPhone.substring(1) + "%";
        return db.inTransaction(connection -> {
            Map<String, Integer> done = new LinkedHashMap<>();
            done.put("withdrawn", Sql.update(connection, """
                    update call_request set status = 'CANCELLED', reason = 'withdrawn: its number was erased', ENDED
                     where phone = ? and status in ('QUEUED', 'HELD')""".replace("ENDED", ResultOutbox.ENDED), nationalPhone));
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select request_id from call_request where phone = ?")) {
                select.setString(1, nationalPhone);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            java.sql.Array idArray = connection.createArrayOf("varchar", ids.toArray());
            done.put("calls", Sql.update(connection, """
                    update call_request set phone = ?, request_json = ?, content_key = null, last_error = null,
                                            max_attempts = least(max_attempts, attempt), updated_at = now()
                     where phone = ?""", erased, ERASED, nationalPhone));
            try (PreparedStatement events = connection.prepareStatement("""
                    update call_event set payload = ?, dedupe_key = 'erased:' || id
                     where request_id = any(?) or (request_id is null and payload like ?)""")) {
                events.setString(1, ERASED);
                events.setArray(2, idArray);
                events.setString(3, like);
                done.put("reports", events.executeUpdate());
            }
            try (PreparedStatement outbox = connection.prepareStatement(
                    "update result_outbox set emitted_at = now(), " + Claims.RELEASE + " where request_id = any(?) and emitted_at is null")) {
                outbox.setArray(1, idArray);
                outbox.executeUpdate();
            }
            // an entry under the hash already (erased before, listed again since) stays the one kept
            Sql.update(connection, """
                    delete from suppressed_phone s where s.phone = ?
                       and exists (select 1 from suppressed_phone t where t.phone = ? and t.list = s.list)""", nationalPhone, erased);
            done.put("suppression", Sql.update(connection, "update suppressed_phone set phone = ? where phone = ?", erased, nationalPhone));
            Sql.update(connection, """
                    delete from suppressed_phone_previous where phone = ? and exists (select 1 from suppressed_phone_previous where phone = ?)""",
                    nationalPhone, erased);
            Sql.update(connection, "update suppressed_phone_previous set phone = ? where phone = ?", erased, nationalPhone);
            Sql.update(connection, """
                    update suppression_change set phone = ?, evidence = case when evidence like ? then '(erased)' else evidence end
                     where phone = ?""", erased, like, nationalPhone);
            done.put("webhookEvents", Sql.update(connection, "delete from webhook_event where body like ?", like));
            done.put("operatorActions", Sql.update(connection, """
                    update operator_action set target = case when target like ? then ? else target end,
                                               outcome = case when outcome like ? then '(erased)' else outcome end
                     where target like ? or outcome like ?""", like, erased, like, like, like));
            return done;
        });
    }

    /** The number's erased form, as the ledger now keeps it. */
    public String erasedForm(String nationalPhone) {
        return subjects.erased(nationalPhone);
    }
}
