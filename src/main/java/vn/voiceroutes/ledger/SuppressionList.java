package vn.voiceroutes.ledger;

import java.util.List;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

/**
 * The numbers advertising calls never go to (CallingRules): the national Do-Not-Call register, replaced or added to
 * from the operator's files, and the project's own opt-outs, each change kept with who, when and why.
 */
public class SuppressionList {

    private final LedgerDatabase db;
    private final SubjectKey subjects;

    public SuppressionList(LedgerDatabase db) {
        this(db, null);
    }

    /** subjects: what an erased number became (its opt-out, kept under it, is taken off by the number too). */
    public SuppressionList(LedgerDatabase db, SubjectKey subjects) {
        this.db = db;
        this.subjects = subjects;
    }

    /** What an import did. */
    public record Imported(long numbers, long added, long removed) {
    }

    /** How a file changes the register: adds to it, replaces it (checked first), replaces it whatever it removes. */
    public enum Import { ADD, REPLACE, REPLACE_FORCED }

    /** A replacement refused, with its reason: the register is left as it was. */
    public static final class ReplacementRefused extends RuntimeException {
        public ReplacementRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Imports the national register from numbers in their national form, one a line (streamed into the database with
     * COPY, never held in memory), adding them, or replacing the whole register with them. One transaction: the
     * register is never seen half-replaced. A replacement that holds no number, or would take more than
     * maxRemovalPercent of the register off it, is refused (ReplacementRefused, nothing changed) unless forced: a
     * truncated or wrong file must not open a listed number to advertising calls. The register before a replacement is
     * kept (suppressed_phone_previous) so that it can be undone once ({@link #undoReplacement}).
     */
    public Imported importRegister(Reader nationalNumbers, Import how, int maxRemovalPercent, String file) {
        return db.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create temporary table dnc_import (phone varchar(16) not null) on commit drop");
            }
            long numbers;
            try {
                numbers = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy dnc_import (phone) from stdin", nationalNumbers);
            } catch (IOException e) {
                throw new SQLException("The do-not-call file could not be read: " + e.getMessage(), e);
            }
            long removed = 0;
            try (Statement statement = connection.createStatement()) {
                statement.execute("create index on dnc_import (phone)");
                statement.execute("analyze dnc_import");
            }
            if (how != Import.ADD) {
                long before = registerSize(connection);
                if (how == Import.REPLACE && numbers == 0) {
                    throw new ReplacementRefused("holds no valid number: it would empty the register of " + before
                            + " numbers. The register is left as it was (name the file replace-force... to empty it on purpose)");
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("delete from suppressed_phone_previous");
                    statement.execute("insert into suppressed_phone_previous (phone, added_at, added_by) select phone, added_at, added_by"
                            + " from suppressed_phone where list = '" + CallingRules.NATIONAL_REGISTER + "'");
                }
                try (PreparedStatement delete = connection.prepareStatement("""
                        delete from suppressed_phone s where s.list = ?
                           and not exists (select 1 from dnc_import i where i.phone = s.phone)""")) {
                    delete.setString(1, CallingRules.NATIONAL_REGISTER);
                    removed = delete.executeUpdate();
                }
                if (how == Import.REPLACE && removed * 100 > (long) maxRemovalPercent * before) {
                    throw new ReplacementRefused("would take " + removed + " of the register's " + before + " numbers off it ("
                            + (removed * 100 / Math.max(1, before)) + "%, more than voice.compliance.replace-max-removal-percent="
                            + maxRemovalPercent + "). The register is left as it was (name the file replace-force... if it is meant)");
                }
            }
            long added;
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into suppressed_phone (phone, list, added_by)
                    select distinct phone, ?, ? from dnc_import on conflict do nothing""")) {
                insert.setString(1, CallingRules.NATIONAL_REGISTER);
                insert.setString(2, "import of " + file);
                added = insert.executeUpdate();
            }
            change(connection, "*", CallingRules.NATIONAL_REGISTER, how == Import.ADD ? "import" : "replace", "operator (inbox/do-not-call)",
                    file + ": " + numbers + " numbers, " + added + " added, " + removed + " removed");
            return new Imported(numbers, added, removed);
        });
    }

    /**
     * Puts back the register as it was before its last replacement; the replaced one is kept in its place, so the undo
     * can itself be undone. Refused when no replacement was made yet.
     */
    public Imported undoReplacement(String file) {
        return db.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create temporary table dnc_swap on commit drop as select phone, added_at, added_by"
                        + " from suppressed_phone where list = '" + CallingRules.NATIONAL_REGISTER + "'");
                long previous;
                try (ResultSet rows = statement.executeQuery("select count(*) from suppressed_phone_previous")) {
                    rows.next();
                    previous = rows.getLong(1);
                }
                long current = registerSize(connection);
                if (!hasReplacement(connection)) {
                    throw new ReplacementRefused("there is no replacement to undo: the register has not been replaced since "
                            + "replacements were kept");
                }
                statement.execute("delete from suppressed_phone where list = '" + CallingRules.NATIONAL_REGISTER + "'");
                statement.execute("insert into suppressed_phone (phone, list, added_at, added_by) select phone, '"
                        + CallingRules.NATIONAL_REGISTER + "', added_at, added_by from suppressed_phone_previous");
                statement.execute("delete from suppressed_phone_previous");
                statement.execute("insert into suppressed_phone_previous (phone, added_at, added_by) select phone, added_at, added_by from dnc_swap");
                change(connection, "*", CallingRules.NATIONAL_REGISTER, "undo", "operator (inbox/do-not-call)",
                        file + ": the register before its last replacement put back (" + previous + " numbers; " + current + " before the undo)");
                return new Imported(previous, previous, current);
            }
        });
    }

    private static boolean hasReplacement(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select 1 from suppression_change where list = ? and action in ('replace', 'undo') limit 1")) {
            select.setString(1, CallingRules.NATIONAL_REGISTER);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static long registerSize(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("select count(*) from suppressed_phone where list = ?")) {
            count.setString(1, CallingRules.NATIONAL_REGISTER);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Adds a number to the opt-outs (false if it was there already), keeping who and why. */
    public boolean optOut(String phone, String by, String evidenceRequestId, String evidence) {
        return db.inTransaction(connection -> optOut(connection, phone, by, evidenceRequestId, evidence));
    }

    static boolean optOut(Connection connection, String phone, String by, String evidenceRequestId, String evidence) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into suppressed_phone (phone, list, added_by, evidence_request_id) values (?, ?, ?, ?)
                on conflict do nothing""")) {
            insert.setString(1, phone);
            insert.setString(2, CallingRules.OPT_OUT);
            insert.setString(3, by);
            insert.setString(4, evidenceRequestId);
            if (insert.executeUpdate() == 0) {
                return false;
            }
        }
        change(connection, phone, CallingRules.OPT_OUT, "add", by, evidence);
        return true;
    }

    /** Takes a number off the opt-outs (false if it was not there), keeping who and why. */
    public boolean optIn(String phone, String by, String evidence) {
        return db.inTransaction(connection -> {
            // the number, or what is left of it once erased (its keyed hash)
            String kept = null;
            for (String form : subjects == null ? List.of(phone) : List.of(phone, subjects.erased(phone))) {
                try (PreparedStatement delete = connection.prepareStatement("delete from suppressed_phone where phone = ? and list = ?")) {
                    delete.setString(1, form);
                    delete.setString(2, CallingRules.OPT_OUT);
                    if (delete.executeUpdate() > 0) {
                        kept = form;
                    }
                }
            }
            if (kept == null) {
                return false;
            }
            change(connection, kept, CallingRules.OPT_OUT, "remove", by, evidence);
            return true;
        });
    }

    private static void change(Connection connection, String phone, String list, String action, String by, String evidence)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into suppression_change (phone, list, action, changed_by, evidence) values (?, ?, ?, ?, ?)""")) {
            insert.setString(1, phone);
            insert.setString(2, list);
            insert.setString(3, action);
            insert.setString(4, by);
            insert.setString(5, evidence == null ? null : evidence.length() > 300 ? evidence.substring(0, 300) : evidence);
            insert.executeUpdate();
        }
    }

    /** Whether the keys a report says were pressed ("9", VBot's DTMF log "1,9") include this one. */
    static boolean pressed(String keys, String key) {
        return keys != null && java.util.Arrays.asList(keys.strip().split("[^0-9A-Za-z*#]+")).contains(key);
    }

    /** The subscriber pressed the opt-out key in a call: their number joins the opt-outs at once, the call as evidence. */
    static boolean optOutByKey(Connection connection, String phone, String key, String requestId, String report) throws SQLException {
        boolean added = optOut(connection, phone, "IVR key " + key, requestId, report + " of call " + requestId);
        if (added) {
            org.slf4j.LoggerFactory.getLogger(SuppressionList.class)
                    .info("{} opted out by pressing {} in call {}: no more advertising calls to it", phone, key, requestId);
        }
        return added;
    }
}
