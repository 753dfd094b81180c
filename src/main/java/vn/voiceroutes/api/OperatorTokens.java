package vn.voiceroutes.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.ledger.OperatorLog;
import vn.voiceroutes.ledger.Operators;

/**
 * /api/operators, for an admin (bin/voice-routes operators add|list|revoke goes through it): makes a named operator
 * with a role and answers its token, once; lists them (never a token); revokes one, refused from then on on every
 * node. Each change is kept in operator_action with who made it.
 */
public class OperatorTokens {

    private final Operators operators;
    private final OperatorLog log;

    public OperatorTokens(Operators operators, OperatorLog log) {
        this.operators = operators;
        this.log = log;
    }

    /** POST /api/operators?name=&amp;role=: name, name, role and the token (shown this once); 400 or 409 naming the field. */
    public Map<String, Object> add(String name, String role, String who) {
        Operators.Role parsed;
        String token;
        try {
            parsed = Operators.Role.of("role", role);
            token = operators.add(name, parsed, who);
        } catch (Operators.NameTakenException e) {
            throw new BadRequestException(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(400, e.getMessage());
        }
        String made = Operators.checkedName(name);
        log.record(who, "add-operator", made, "role " + parsed.label());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", made);
        answer.put("role", parsed.label());
        answer.put("token", token);
        answer.put("note", "shown this once: only its hash is kept");
        return answer;
    }

    /** GET /api/operators: every operator made, newest first, revoked ones with when and by whom. */
    public List<Map<String, Object>> list() {
        return operators.list();
    }

    /** DELETE /api/operators/{name}: revoked at once on every node; 404 when there is no such operator not revoked. */
    public Map<String, Object> revoke(String name, String who) {
        if (!operators.revoke(name, who)) {
            throw new BadRequestException(404, "no operator '" + name + "' with a token in force");
        }
        log.record(who, "revoke-operator", name, "revoked");
        return Map.of("name", name, "revoked", true);
    }
}
