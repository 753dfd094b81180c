package vn.voiceroutes.compliance;

import java.util.LinkedHashMap;
import java.util.Map;

import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.http.HttpChecks;
import vn.voiceroutes.ledger.SuppressionList;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * Operators add and remove opt-outs through the API (behind the admin token): a number in any form the channels
 * accept, who asks (as OperatorAccess names them) and why (the reason parameter), all kept with the change.
 */
public class OptOutRequests {

    private final SuppressionList suppressions;

    public OptOutRequests(SuppressionList suppressions) {
        this.suppressions = suppressions;
    }

    public Map<String, Object> add(String phone, String who, String reason) {
        String number = number(phone);
        boolean added = suppressions.optOut(number, who, null, text("reason", reason));
        return answer(number, added ? "opted out" : "already opted out");
    }

    public Map<String, Object> remove(String phone, String who, String reason) {
        String number = number(phone);
        boolean removed = suppressions.optIn(number, who, text("reason", reason));
        if (!removed) {
            throw new BadRequestException(404, number + " is not on the opt-outs");
        }
        return answer(number, "no longer opted out");
    }

    private static String number(String phone) {
        try {
            return PhoneNumbers.normalize("phone", phone);
        } catch (InvalidRecordException e) {
            throw new BadRequestException("phone " + e.reason());
        }
    }

    private static String text(String name, String value) {
        return value == null || value.isBlank() ? null : HttpChecks.text(name, value.strip(), 200);
    }

    private static Map<String, Object> answer(String phone, String state) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("phone", phone);
        answer.put("state", state);
        return answer;
    }
}
