package vn.voiceroutes.ledger;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import vn.voiceroutes.ledger.ProviderReports.ProviderReport;
import vn.voiceroutes.model.CallOutcome;
import vn.voiceroutes.model.CallStatus;

/**
 * Stores providers' reports of known calls (ProviderReports decides what they did), in groups: under load the
 * callbacks that come while one group is written are written together, one statement and one commit for many
 * (GroupWriter), each still committed before its caller answers.
 */
final class KnownCallReports {

    /** The final statuses as an SQL list, written once. */
    private static final String FINAL_STATUSES = CallStatus.FINAL.stream().map(status -> "'" + status.name() + "'")
            .collect(java.util.stream.Collectors.joining(", "));

    /**
     * Whether call c is the one report r may speak of (an attacker holding a provider's callback token must not finish,
     * or opt out, calls that are not that provider's or were never sent): a call of one of the report's provider's
     * channels (provider_channel), that may have reached the provider (sent, or claimed by a dispatcher at least once:
     * a callback may come before the dispatcher has recorded the provider's answer), and whose provider reference, where
     * both name one, is the report's, and not that of one of its earlier attempts (a redialled call: a late callback of
     * attempt 1 names the call too, while attempt 2 may have no reference yet). One place for this rule: by RequestId
     * here, by reference in ProviderReports.
     */
    static final String CALL_OF_REPORT = """
            exists (select 1 from provider_channel pc where pc.provider = r.provider and pc.channel = c.channel)
            and (c.status not in ('QUEUED', 'HELD') or c.attempts > 0)
            and (c.provider_ref is null or r.provider_ref is null or c.provider_ref = r.provider_ref)
            and not exists (select 1 from call_attempt a where a.request_id = c.request_id and a.provider_ref = r.provider_ref)""";

    /**
     * Reports of known calls, stored in one statement for a group of them (one report per call): each call's row
     * is locked (in RequestId order, so two groups cannot wait for each other), each event is stored first (a resend is
     * recognised by its key), a call moves only forward and only for a new event, and a final outcome queues its
     * result, all or nothing. One row per report, in the group's order: the call, its phone, whether the event was new,
     * whether the call moved.
     */
    private static final String RECORD_GROUP = """
        with report as (
            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::integer[], ?::numeric[], ?::text[], ?::text[], ?::boolean[], ?::boolean[])
                with ordinality as r(request_id, provider, kind, provider_ref, status, dedupe_key, payload,
                                     duration_seconds, price, ivr, reason, is_final, has_outcome, n)
        ), provider_channel as (
            select * from unnest(?::text[], ?::text[]) as pc(provider, channel)
        ), call as (
            select c.request_id, c.status, c.phone, c.attempt, c.provider_ref, c.submitted_at from call_request c
              join report r using (request_id)
             where CALL_OF_REPORT
             order by c.request_id for update of c
        ), redial as (
            -- a final outcome its policy tries again, with an attempt left, before the call's notAfter: its due time
            select c.request_id, d.due from call_request c join report r using (request_id) join call using (request_id)
             cross join lateral (select case when c.purpose = 'advertising'
                                             -- Decree 91: every attempt counts toward the 24 hours of the cap
                                             then greatest(now() + c.redial_delay_ms * interval '1 millisecond',
                                                           c.cap_at + interval '24 hours')
                                             else now() + c.redial_delay_ms * interval '1 millisecond' end as due) d
             where r.is_final and c.max_attempts is not null and c.attempt < c.max_attempts
               and r.status = any(string_to_array(c.redial_statuses, ','))
               and (c.not_after is null or c.not_after > d.due)
        ), event as (
            insert into call_event (request_id, provider, kind, provider_ref, status, dedupe_key, payload)
            select r.request_id, r.provider, r.kind, r.provider_ref, r.status, r.dedupe_key, r.payload
              from report r join call using (request_id)
            on conflict (dedupe_key) do nothing
            returning request_id
        ), moved as (
            update call_request c set status = r.status, provider_ref = coalesce(c.provider_ref, r.provider_ref),
                                      duration_seconds = coalesce(r.duration_seconds, c.duration_seconds),
                                      price = coalesce(r.price, c.price), ivr = coalesce(r.ivr, c.ivr),
                                      reason = coalesce(r.reason, c.reason),
                                      submitted_at = coalesce(c.submitted_at, now()),
                                      finished_at = case when r.is_final then now() else c.finished_at end,
                                      claimed_by = null, claimed_until = null, updated_at = now()
              from report r join call using (request_id)
             where c.request_id = r.request_id and r.has_outcome
               and r.request_id in (select request_id from event)
               and call.status not in (FINAL_STATUSES)
               and r.request_id not in (select request_id from redial)
            returning c.request_id, r.is_final
        ), redialled as (
            -- the attempt ends, the call waits HELD for its next one: nothing of the provider's is kept on the row
            update call_request c set status = 'HELD', attempt = c.attempt + 1, next_attempt_at = d.due,
                                      cap_at = case when c.purpose = 'advertising' then d.due else c.cap_at end,
                                      provider_ref = null, provider_code = null, duration_seconds = null, price = null,
                                      ivr = null, reason = null, submitted_at = null, finished_at = null, next_poll_at = null,
                                      poll_attempts = 0, send_started_at = null,
                                      claimed_by = null, claimed_until = null, updated_at = now(),
                                      last_error = 'attempt ' || c.attempt || ' ended ' || r.status || ': attempt '
                                          || (c.attempt + 1) || ' due at ' || d.due
              from report r join call using (request_id) join redial d using (request_id)
             where c.request_id = r.request_id and r.request_id in (select request_id from event)
               and call.status not in (FINAL_STATUSES)
            returning c.request_id
        ), attempt_kept as (
            insert into call_attempt (request_id, attempt, provider_ref, status, reason, duration_seconds, price, submitted_at, redial_at)
            select call.request_id, call.attempt, coalesce(call.provider_ref, r.provider_ref), r.status, r.reason,
                   r.duration_seconds, r.price, call.submitted_at, d.due
              from redialled m join call using (request_id) join report r using (request_id) join redial d using (request_id)
            on conflict do nothing
        ), queued as (
            QUEUE_FINAL
        )
        select call.request_id, call.phone, r.request_id in (select request_id from event),
               r.request_id in (select request_id from moved) or r.request_id in (select request_id from redialled)
          from report r left join call using (request_id)
         order by r.n""".replace("FINAL_STATUSES", FINAL_STATUSES).replace("CALL_OF_REPORT", CALL_OF_REPORT)
            .replace("QUEUE_FINAL", ResultOutbox.queueingResultsOf("moved where is_final"));

    /** A report of the call with this RequestId, as a group writes it. */
    record KnownCallReport(String callId, ProviderReport reported, String dedupeKey) {
    }

    /** What writing a report of a known call did: the call (null: no call has this RequestId) and its phone. */
    record Stored(String requestId, String phone, boolean newEvent, boolean moved) {
    }

    private final LedgerDatabase db;
    private final String[] catalogProviders;
    private final String[] catalogChannels;
    private final GroupWriter<KnownCallReport, Stored> groups = new GroupWriter<>(this::writeGroup, KnownCallReport::callId, 200);

    /** channelsByProvider: each provider's channels (the channel catalog), whose calls its reports may speak of. */
    KnownCallReports(LedgerDatabase db, java.util.Map<String, List<String>> channelsByProvider) {
        this.db = db;
        List<String[]> pairs = new ArrayList<>();
        channelsByProvider.forEach((provider, names) -> names.forEach(channel -> pairs.add(new String[] {provider, channel})));
        this.catalogProviders = pairs.stream().map(pair -> pair[0]).toArray(String[]::new);
        this.catalogChannels = pairs.stream().map(pair -> pair[1]).toArray(String[]::new);
    }

    /** Stores a report of the call with this RequestId, with the reports of other calls waiting meanwhile. */
    Stored store(String callId, ProviderReport reported, String dedupeKey) {
        return groups.write(new KnownCallReport(callId, reported, dedupeKey));
    }

    /** One group in one statement: its values as one array per column. */
    List<Stored> writeGroup(List<KnownCallReport> group) {
        int size = group.size();
        String[] requestIds = new String[size], providers = new String[size], kinds = new String[size],
                references = new String[size], statuses = new String[size], dedupeKeys = new String[size],
                payloads = new String[size], ivrs = new String[size], reasons = new String[size];
        Integer[] durations = new Integer[size];
        BigDecimal[] prices = new BigDecimal[size];
        Boolean[] finals = new Boolean[size], outcomes = new Boolean[size];
        for (int i = 0; i < size; i++) {
            KnownCallReport one = group.get(i);
            ProviderReport reported = one.reported();
            CallOutcome outcome = reported.outcome();
            CallStatus next = outcome.status();
            requestIds[i] = one.callId();
            providers[i] = reported.provider();
            kinds[i] = reported.kind();
            references[i] = reported.referenceId();
            statuses[i] = next.name();
            dedupeKeys[i] = one.dedupeKey();
            payloads[i] = reported.rawPayload();
            durations[i] = outcome.durationSeconds();
            prices[i] = outcome.price();
            ivrs[i] = outcome.ivr();
            reasons[i] = next.isFinal() ? outcome.reason() : null;
            finals[i] = next.isFinal();
            outcomes[i] = !outcome.isNone();
        }
        return db.autocommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECORD_GROUP)) {
                int p = 1;
                for (String[] texts : List.of(requestIds, providers, kinds, references, statuses, dedupeKeys, payloads)) {
                    statement.setArray(p++, connection.createArrayOf("text", texts));
                }
                statement.setArray(p++, connection.createArrayOf("int4", durations));
                statement.setArray(p++, connection.createArrayOf("numeric", prices));
                statement.setArray(p++, connection.createArrayOf("text", ivrs));
                statement.setArray(p++, connection.createArrayOf("text", reasons));
                statement.setArray(p++, connection.createArrayOf("bool", finals));
                statement.setArray(p++, connection.createArrayOf("bool", outcomes));
                statement.setArray(p++, connection.createArrayOf("text", catalogProviders));
                statement.setArray(p++, connection.createArrayOf("text", catalogChannels));
                List<Stored> stored = new ArrayList<>(size);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        stored.add(new Stored(rows.getString(1), rows.getString(2), rows.getBoolean(3), rows.getBoolean(4)));
                    }
                }
                return stored;
            }
        });
    }

}
