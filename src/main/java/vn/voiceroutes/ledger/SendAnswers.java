package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.List;

import vn.voiceroutes.ledger.CallQueue.SendAnswer;

/**
 * Records providers' answers to the calls a dispatcher sent, in groups: the answers that come while one group is
 * written (the dispatcher's senders work side by side) are written together, one statement and one commit for many
 * (GroupWriter); each sender goes on once its own answer is committed.
 */
final class SendAnswers {

    /**
     * One group of answers (one per call) in one statement: each call's row is locked in RequestId order (as
     * KnownCallReports does, so a group of answers and a group of callbacks cannot wait for each other). A rejection
     * is a final outcome of a call still QUEUED and queues its result. An acceptance, or a repeat the provider already
     * had (eSMS 124), makes the call SUBMITTED; a fast callback may already have made it final: its status then stays,
     * and only the reference is filled in.
     */
    private static final String RECORD_GROUP = """
        with answer as (
            select * from unnest(?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[])
                as a(request_id, rejected, reference, code, reason)
        ), call as (
            select request_id from call_request
             where request_id in (select request_id from answer)
             order by request_id for update
        ), rejected as (
            update call_request c set status = 'REJECTED', provider_code = a.code, reason = a.reason, finished_at = now(),
                                      updated_at = now(), claimed_by = null, claimed_until = null
              from answer a join call using (request_id)
             where c.request_id = a.request_id and a.rejected and c.status = 'QUEUED'
            returning c.request_id
        ), queued as (
            insert into result_outbox (request_id) select request_id from rejected
            on conflict (request_id) do nothing
        )
        update call_request c set provider_ref = coalesce(c.provider_ref, a.reference), provider_code = a.code,
                                  submitted_at = coalesce(c.submitted_at, now()), updated_at = now(),
                                  status = case when c.status in ('QUEUED', 'HELD') then 'SUBMITTED' else c.status end,
                                  next_poll_at = now() + ?::interval, claimed_by = null, claimed_until = null
          from answer a join call using (request_id)
         where c.request_id = a.request_id and not a.rejected""";

    /** An answer to the call with this RequestId, as a group writes it. */
    record Answered(String requestId, SendAnswer answer) {
    }

    private final LedgerDatabase db;
    private final GroupWriter<Answered, Boolean> groups = new GroupWriter<>(this::writeGroup, Answered::requestId, 200);

    SendAnswers(LedgerDatabase db) {
        this.db = db;
    }

    /** Records the answer, with the answers to other calls waiting meanwhile; returns once it is committed. */
    void record(String requestId, SendAnswer answer) {
        groups.write(new Answered(requestId, answer));
    }

    /** One group in one statement: its values as one array per column. */
    List<Boolean> writeGroup(List<Answered> group) {
        int size = group.size();
        String[] requestIds = new String[size], references = new String[size], codes = new String[size],
                reasons = new String[size];
        Boolean[] rejected = new Boolean[size];
        for (int i = 0; i < size; i++) {
            SendAnswer answer = group.get(i).answer();
            requestIds[i] = group.get(i).requestId();
            rejected[i] = answer.rejected();
            references[i] = answer.reference();
            codes[i] = answer.code();
            reasons[i] = answer.reason();
        }
        db.autocommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECORD_GROUP)) {
                statement.setArray(1, connection.createArrayOf("text", requestIds));
                statement.setArray(2, connection.createArrayOf("bool", rejected));
                statement.setArray(3, connection.createArrayOf("text", references));
                statement.setArray(4, connection.createArrayOf("text", codes));
                statement.setArray(5, connection.createArrayOf("text", reasons));
                statement.setString(6, LedgerDatabase.interval(db.pollAfter()));
                return statement.executeUpdate();
            }
        });
        return Collections.nCopies(size, Boolean.TRUE);
    }
}
