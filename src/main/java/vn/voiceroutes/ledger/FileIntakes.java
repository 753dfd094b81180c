package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

import javax.sql.DataSource;

/**
 * Which day a dropped file's content is read for (table file_intake). Rows without a requestId of their own are
 * named by their content and that day, so a file read again the same day (a corrected copy, the same file twice)
 * calls only rows not called yet, and the same list dropped on another day is called again. A read that did not
 * finish keeps its day: a crash before midnight and a restart after it must not call anyone twice.
 */
public class FileIntakes {

    private final DataSource dataSource;

    public FileIntakes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The intake day of this content on this channel: that of its unfinished read if one exists, else today. */
    public String start(String contentHash, String channel, String fileName, LocalDate today) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement("""
                    select intake_day from file_intake where content_hash = ? and channel = ? and finished_at is null
                     order by started_at desc limit 1""")) {
                select.setString(1, contentHash);
                select.setString(2, channel);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return row.getDate(1).toLocalDate().toString();
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into file_intake (content_hash, channel, intake_day, file_name) values (?, ?, ?, ?)
                    on conflict (content_hash, channel, intake_day) do update set finished_at = null""")) {
                insert.setString(1, contentHash);
                insert.setString(2, channel);
                insert.setDate(3, Date.valueOf(today));
                insert.setString(4, fileName);
                insert.executeUpdate();
            }
            return today.toString();
        } catch (SQLException e) {
            throw new LedgerException("Call ledger operation failed: " + e.getMessage(), e);
        }
    }

    /** The content was read to its end for its day. */
    public void finish(String contentHash, String channel, String intakeDay) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement("""
                update file_intake set finished_at = now() where content_hash = ? and channel = ? and intake_day = ?""")) {
            update.setString(1, contentHash);
            update.setString(2, channel);
            update.setDate(3, Date.valueOf(LocalDate.parse(intakeDay)));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("Call ledger operation failed: " + e.getMessage(), e);
        }
    }

    /** A batch: one content read on one channel for one day; its calls, its summary and its report belong to it. */
    public static String batchId(String contentHash, String channel, String intakeDay) {
        return vn.voiceroutes.model.Sha256.hex(contentHash + '|' + channel + '|' + intakeDay);
    }
}
