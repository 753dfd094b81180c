package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Console sessions signed out, shared by the nodes: a cookie of one of them is refused on every node until it would
 * have expired. Sessions are named by a hash of their cookie's signature, never by the cookie itself.
 */
public class ConsoleSignOuts {

    private final LedgerDatabase db;

    public ConsoleSignOuts(LedgerDatabase db) {
        this.db = db;
    }

    /** Signs this session out until it expires; those already expired are forgotten on the way. */
    public void signOut(String sessionHash, Instant expiresAt) {
        db.autocommit(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into console_sign_out (session_hash, expires_at) values (?, ?) on conflict do nothing""");
                    PreparedStatement forget = connection.prepareStatement("delete from console_sign_out where expires_at < now()")) {
                insert.setString(1, sessionHash);
                insert.setTimestamp(2, Timestamp.from(expiresAt));
                insert.executeUpdate();
                forget.executeUpdate();
            }
            return null;
        });
    }

    public boolean signedOut(String sessionHash) {
        return db.autocommit(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select 1 from console_sign_out where session_hash = ?")) {
                select.setString(1, sessionHash);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }
}
