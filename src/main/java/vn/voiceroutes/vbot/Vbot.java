package vn.voiceroutes.vbot;

import java.util.List;
import java.util.Map;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.CallStatus;

/**
 * The facts of VBot's open API as the seed documents it (vbot-docs/authentication.md, autocall.md): v2, Bearer token
 * from a password grant, one campaign per request. Written once.
 */
public final class Vbot {

    public static final String PROVIDER = "VBot";

    /** Our channel on VBot: auto-call campaigns. */
    public static final String CAMPAIGN_CHANNEL = "vbot-campaign";
    public static final String TOKEN_PATH = "/token";
    public static final String CAMPAIGN_CREATE_PATH = "/api/campaign/create";
    /** call-transaction.md: GET with vbot_id, project_code, phone, page, size. */
    public static final String CALL_HISTORY_PATH = "/api/crm/historycall/getAll";
    public static final String HISTORY_VBOT_ID = "vbot_id";
    public static final String HISTORY_PROJECT_CODE = "project_code";
    public static final String HISTORY_PAGE = "page";
    public static final String HISTORY_SIZE = "size";
    public static final String HISTORY_DATE_CREATE = "date_create";
    /** The list's date_create, e.g. "10/25/2023 10:34:15": month first, Vietnam time. */
    public static final java.time.format.DateTimeFormatter HISTORY_TIME = java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    /** Token request (form-encoded) and answer. */
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String GRANT_TYPE = "grant_type";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String ACCESS_TOKEN = "access_token";
    public static final String EXPIRES_IN = "expires_in";
    public static final String TOKEN_TYPE = "token_type";

    /**
     * Campaign body. The parameter table names vbot_id, project_code and campaignID; the page's example sends
     * vbotId, groupCode and campaignId, which is what we send (the simulator accepts both).
     */
    public static final String VBOT_ID = "vbotId";
    public static final String GROUP_CODE = "groupCode";
    public static final String CAMPAIGN_ID = "campaignId";
    /** The parameter table's spellings of vbotId, groupCode and campaignId. */
    public static final String VBOT_ID_TABLED = "vbot_id";
    public static final String GROUP_CODE_TABLED = "project_code";
    public static final String CAMPAIGN_ID_TABLED = "campaignID";
    public static final String NAME = "name";
    public static final String PHONES = "phones";
    public static final String FIELDS = "fields";
    public static final String KEY = "key";
    public static final String VALUE = "value";
    /** Field keys every campaign knows; the campaign template may add its own. */
    public static final String PHONE = "phone";
    public static final String DESCRIPTION = "description";
    public static final String NUMBER_CALL = "numberCall";
    /**
     * What a record for the vbot-campaign channel may carry besides the template's own fields. Phone and RequestId
     * use the canonical names every channel shares.
     */
    public static final List<String> RECORD_PARAMS = List.of(CallRequest.PHONE, NAME, DESCRIPTION,
            NUMBER_CALL, CAMPAIGN_ID, VbotAutoCall.RECORD_TEMPLATE_CODE, VbotAutoCall.RECORD_CUSTOMER_UID,
            CallRequest.REQUEST_ID);

    /** vbot.transport value of the seed's campaign API (the other is {@link VbotAutoCall#TRANSPORT}). */
    public static final String TRANSPORT = "campaign";

    /** Campaign answer: {status 1|0, error 0|201|400, msg, data = the new campaign id or -1}. */
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    public static final String MSG = "msg";
    public static final String DATA = "data";

    /** Auto-call history webhook (one per phone). */
    public static final String HOOK_CAMPAIGN_ID = "campaign_id";
    public static final String HOOK_PHONE = "phone";
    public static final String HOOK_STATUS = "status";
    /** Duration and cost: the same names in the auto-call history and the call history. */
    public static final String HOOK_TIME_CALL = "time_call";
    public static final String HOOK_POSTAGE = "postage";

    /** Call history webhook (HISTORY_CALL): one call, told apart from auto-call history by its disposition. */
    public static final String HISTORY_CALLEE = "callee";
    public static final String HISTORY_DISPOSITION = "disposition";

    /** Call-history dispositions (autocall.md): the one mapping to our lifecycle; anything else is FAILED. */
    private static final Map<String, CallStatus> DISPOSITIONS = Map.ofEntries(
            // the tables say ANSWER, the v3 CDR list's sample answer "ANSWERED": both
            Map.entry("ANSWER", CallStatus.ANSWERED), Map.entry("ANSWERED", CallStatus.ANSWERED),
            Map.entry("SOMEONEANSWERED", CallStatus.ANSWERED),
            Map.entry("BUSY", CallStatus.BUSY), Map.entry("INCALL", CallStatus.BUSY),
            Map.entry("NOANSWER", CallStatus.NO_ANSWER), Map.entry("MISSCALL", CallStatus.NO_ANSWER),
            Map.entry("CANCEL", CallStatus.CANCELLED));
    /** Dispositions that say nothing final about one call (several statuses, an agent logging out). */
    private static final java.util.Set<String> NOT_FINAL_DISPOSITIONS = java.util.Set.of("MORE", "LOGOUT");

    public static CallStatus dispositionStatus(String disposition) {
        String key = disposition == null ? "" : disposition.strip().toUpperCase(java.util.Locale.ROOT);
        if (NOT_FINAL_DISPOSITIONS.contains(key)) {
            return CallStatus.SUBMITTED;
        }
        return DISPOSITIONS.getOrDefault(key, CallStatus.FAILED);
    }

    /** Auto-call status (autocall.md "Status"): the one mapping to our lifecycle. */
    private static final Map<String, CallStatus> AUTO_CALL_STATUS = Map.ofEntries(
            Map.entry("200", CallStatus.ANSWERED), Map.entry("2", CallStatus.NO_ANSWER), Map.entry("3", CallStatus.BUSY),
            Map.entry("4", CallStatus.CANCELLED));
    private static final Map<String, String> AUTO_CALL_FAILURES = Map.of(
            "101", "undefined phone number", "102", "no hotline for the phone's carrier", "103", "balance too low",
            "105", "VBot package expired or not registered", "106", "carrier unsupported", "100", "system error",
            "-100", "undefined error", "104", "system error");

    /** Auto-call statuses that speak of the account, not the phone: they pause VBot until an operator resumes it. */
    public static final java.util.Set<String> ACCOUNT_STATUSES = java.util.Set.of("103", "105");

    private Vbot() {
    }

    /**
     * An HTTP status that refuses this one request (400, 413, 414, ...), not the account: 401 and 403 speak of the
     * credentials, 404 and 405 of the endpoint, 408 and 429 of the moment, 5xx of VBot.
     */
    public static boolean refusesThisRequest(int status) {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 404 && status != 405
                && status != 408 && status != 429;
    }

    public static CallStatus autoCallStatus(String status) {
        return AUTO_CALL_STATUS.getOrDefault(status == null ? "" : status.strip(), CallStatus.FAILED);
    }

    public static String autoCallFailure(String status) {
        String key = status == null ? "" : status.strip();
        if (AUTO_CALL_STATUS.containsKey(key)) {
            return null;
        }
        return "VBot " + key + ": " + AUTO_CALL_FAILURES.getOrDefault(key, "undocumented status");
    }
}
