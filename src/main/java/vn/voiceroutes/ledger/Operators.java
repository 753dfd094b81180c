package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import vn.voiceroutes.model.Sha256;

/**
 * The operators the ledger knows (table operator_token): a name, a role, and the SHA-256 of a random token shown once
 * when it is made. Read on every request (by the token's hash, or a console session's name), so a revoked token is
 * refused at once on every node. The bootstrap admin (voice.admin-token, named "admin") is not kept here.
 */
public class Operators {

    /** What an operator may do: a viewer reads, an operator also acts on calls, an admin also manages operators and data. */
    public enum Role {
        VIEWER, OPERATOR, ADMIN;

        public boolean allows(Role needed) {
            return ordinal() >= needed.ordinal();
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role of(String field, String text) {
            for (Role role : values()) {
                if (role.label().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
            throw new IllegalArgumentException(field + " '" + text + "' is not a role (viewer, operator, admin)");
        }
    }

    /** An operator as a request is made by: the name every action is recorded under, and the role. */
    public record Operator(String name, Role role) {
    }

    /** A name that cannot be taken (already made, even if revoked since: the audit trail keeps names apart). */
    public static class NameTakenException extends IllegalArgumentException {
        NameTakenException(String message) {
            super(message);
        }
    }

    public static final String BOOTSTRAP = "admin";
    private static final int NAME_MAX = 100;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final LedgerDatabase db;

    public Operators(LedgerDatabase db) {
        this.db = db;
    }

    /** The name as given, checked: 1 to 100 characters, letters, digits and . _ - @ only, not the bootstrap admin's. */
    public static String checkedName(String name) {
        String value = name == null ? "" : name.strip();
        if (!value.matches("[\\p{L}\\p{N}._@-]{1," + NAME_MAX + "}")) {
            throw new IllegalArgumentException("name '" + value + "' is not a name (1 to " + NAME_MAX + " letters, digits, . _ - @)");
        }
        if (value.equalsIgnoreCase(BOOTSTRAP)) {
            throw new NameTakenException("name '" + value + "' is the bootstrap admin's (voice.admin-token)");
        }
        return value;
    }

    /** Makes an operator; its token (256 random bits), which is shown this once and kept only as its hash. */
    public String add(String name, Role role, String by) {
        String checked = checkedName(name);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = "vr_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            db.autocommit(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into operator_token (name, role, token_hash, created_by) values (?, ?, ?, ?)")) {
                    insert.setString(1, checked);
                    insert.setString(2, role.label());
                    insert.setString(3, Sha256.hex(token));
                    insert.setString(4, by);
                    return insert.executeUpdate();
                }
            });
        } catch (LedgerException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw new NameTakenException("name '" + checked + "' is taken (an operator has it, or had it until revoked)");
            }
            throw e;
        }
        return token;
    }

    /** Revokes an operator's token: refused from now on, on every node. False: no such operator, or revoked already. */
    public boolean revoke(String name, String by) {
        return db.autocommit(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update operator_token set revoked_at = now(), revoked_by = ? where name = ? and revoked_at is null")) {
                update.setString(1, by);
                update.setString(2, name == null ? "" : name.strip());
                return update.executeUpdate() == 1;
            }
        });
    }

    /** The operator this token is, unless revoked. */
    public Optional<Operator> byToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return one("select name, role from operator_token where token_hash = ? and revoked_at is null", Sha256.hex(token.strip()));
    }

    /** The operator with this name, unless revoked (a console session names its operator). */
    public Optional<Operator> byName(String name) {
        return one("select name, role from operator_token where name = ? and revoked_at is null", name);
    }

    private Optional<Operator> one(String sql, String value) {
        return db.autocommit(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, value);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new Operator(row.getString(1), Role.of("role", row.getString(2)))) : Optional.empty();
                }
            }
        });
    }

    /** Every operator made, newest first: name, role, when and by whom made and revoked. Never a token or its hash. */
    public List<Map<String, Object>> list() {
        return db.autocommit(connection -> {
            List<Map<String, Object>> operators = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select name, role, created_at, created_by, revoked_at, revoked_by from operator_token order by created_at desc");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> operator = new LinkedHashMap<>();
                    operator.put("name", rows.getString(1));
                    operator.put("role", rows.getString(2));
                    operator.put("createdAt", rows.getTimestamp(3).toInstant().toString());
                    operator.put("createdBy", rows.getString(4));
                    operator.put("revokedAt", rows.getTimestamp(5) == null ? null : rows.getTimestamp(5).toInstant().toString());
                    operator.put("revokedBy", rows.getString(6));
                    operators.add(operator);
                }
            }
            return operators;
        });
    }
}
