package vn.voiceroutes.vbot;

import java.util.regex.Pattern;

/**
 * The facts of VBot's current auto-call API (VBotDevTeam/vbot-documentation, open-api/v3/campaign-call.md and
 * webhooks.md; ../shared/providers/README.md "VBot today"), written once. The project is identified by an X-API-Key
 * header instead of a token, calls go out at most 5 phones per request, and the answer carries no call id: the
 * external_call_id we send is the only key that ties a call to its webhook.
 */
public final class VbotAutoCall {

    /** vbot.transport values: the seed's campaign API, or this one. */
    public static final String TRANSPORT = "auto-call";

    public static final String API_KEY_HEADER = "X-API-Key";
    public static final String CREATE_LIST_PHONE_PATH = "/m-auto-call/api/call/create-list-phone";
    /** "Tối đa 5 số điện thoại trong một yêu cầu (tính sau khi loại trùng theo trường phone)". */
    public static final int MAX_PHONES_PER_REQUEST = 5;

    /** Request body (snake_case), one phone_infos[] entry per call. */
    public static final String TEMPLATE_CODE = "template_code";
    public static final String HOTLINE_CODE = "hotline_code";
    public static final String MAX_TIME = "max_time";
    public static final String MAX_WAITING_TIME = "max_waiting_time";
    public static final String PHONE_INFOS = "phone_infos";
    public static final String PHONE = "phone";
    public static final String EXTERNAL_CALL_ID = "external_call_id";
    public static final String CUSTOMER_UID = "customer_uid";
    public static final String NAME = "name";
    public static final String DATAS = "datas";

    /**
     * Answer: {status (HTTP-like), msg, errorCode, data true|false}. The v2 changelog (03/04/2026) says answers drop
     * "status" and carry "error" and "message" instead; both spellings are read.
     */
    public static final String ERROR_CODE = "errorCode";
    public static final String ERROR_CODE_V2 = "error";
    public static final String MSG = "msg";
    public static final String MESSAGE_V2 = "message";
    public static final String DATA = "data";
    /** errorCode 0 success; -1 phone_infos null (introduction.md: -1 invalid parameters); 403 over 5 phones; 500 system error. */
    public static final String ACCEPTED = "0";
    public static final String SYSTEM_ERROR = "500";
    public static final String UNAUTHORIZED = "401";

    /** Record fields of the vbot-campaign channel this transport reads (camelCase like every canonical field). */
    public static final String RECORD_TEMPLATE_CODE = "templateCode";
    public static final String RECORD_CUSTOMER_UID = "customerUid";

    /**
     * Webhook AUTO_CALL_LOG: a flat camelCase object (CAMPAIGN_CALL, its deprecated alias, has the same payload per
     * v3/webhooks.md); AUTO_CALL_COMPLETE wraps the same object in autoCallLog. AUTO_CALL_RECORDING and
     * AUTO_CALL_AI_EXTRACTION carry transId and externalCallId but no outcome.
     */
    public static final String LOG_PHONE = "phone";
    public static final String LOG_EXTERNAL_CALL_ID = "externalCallId";
    public static final String LOG_DISPOSITION = "disposition";
    /** Billed seconds: the time the callee was on the line (duration counts the ringing too). */
    public static final String LOG_BILLSEC = "billsec";
    public static final String LOG_DURATION = "duration";
    public static final String LOG_POSTAGE = "postage";
    public static final String LOG_TRANS_ID = "transId";
    /**
     * The keys the callee pressed (v3/webhooks.md AUTO_CALL_LOG and campaign-cdr.md: "Log tương tác DTMF"; its form is
     * not documented, so the keys in it are read as its letters and digits between separators).
     */
    public static final String LOG_INPUT_LOG = "inputLog";
    public static final String COMPLETE_LOG = "autoCallLog";
    /**
     * The v3 auto-call CDR list (campaign-cdr.md "Lấy danh sách lịch sử gọi", the /m-auto-call/ module of the
     * 2026-09-24 changelog entry): GET with X-API-Key; key_search finds a phone (or customerUid, name), start_date is
     * epoch milliseconds. Its entries carry the AUTO_CALL_LOG's camelCase fields: externalCallId, disposition,
     * billsec, postage. Answer {status, msg, errorCode, data[]}.
     */
    public static final String CDR_LIST_PATH = "/m-auto-call/api/cdr/get-all";
    public static final String CDR_KEY_SEARCH = "key_search";
    public static final String CDR_START_DATE = "start_date";
    public static final String CDR_PAGE = "page";
    public static final String CDR_SIZE = "size";

    /** Call history (HISTORY_CALL webhook and the call-history list) names the same key in snake_case since 2026-02-13. */
    public static final String HISTORY_EXTERNAL_CALL_ID = "external_call_id";

    /**
     * Dispositions that speak of the account, not the phone, in the v3 auto-call tables (campaign-cdr.md and
     * webhooks.md): NOT_MONEY "Số dư tài khoản không đủ để thực hiện cuộc gọi" (the balance is too low, v3's form of
     * the seed's status 103) and NOT_FOUND_PRICE, which campaign-cdr.md glosses "Không đủ tiền" (not enough money)
     * although its name says no price was found: either way no call of the account can go out. They pause VBot.
     */
    public static final java.util.Map<String, String> ACCOUNT_DISPOSITIONS = java.util.Map.of(
            "NOT_MONEY", "VBot NOT_MONEY: the account's balance is too low",
            "NOT_FOUND_PRICE", "VBot NOT_FOUND_PRICE: no price (or not enough money) for the account's calls");

    /** The account fault a disposition speaks of (its code and reason), if it speaks of one. */
    public static java.util.Optional<java.util.Map.Entry<String, String>> accountFault(String disposition) {
        String key = disposition == null ? "" : disposition.strip().toUpperCase(java.util.Locale.ROOT);
        return ACCOUNT_DISPOSITIONS.containsKey(key) ? java.util.Optional.of(java.util.Map.entry(key, ACCOUNT_DISPOSITIONS.get(key)))
                : java.util.Optional.empty();
    }

    /** "Độ dài external_call_id tối đa 32 ký tự, chỉ gồm chữ thường a-z và số 0-9." */
    public static final Pattern EXTERNAL_CALL_ID_FORM = Pattern.compile("[a-z0-9]{1,32}");

    private VbotAutoCall() {
    }

    /**
     * The external_call_id of one attempt of one of our calls: the attempt's RequestId (the call's own for the first,
     * with ~&lt;attempt&gt; for a redial) may hold up to 50 printable characters, so it is hashed (SHA-256, the first 32
     * hex digits: lower-case a-f0-9, 128 bits) rather than cut; the same attempt always gives the same id, each
     * attempt its own, and the ledger keeps it as the attempt's provider reference.
     */
    public static String externalCallId(vn.voiceroutes.model.CallRequest call) {
        return externalCallId(call.getRequestId(), call.getAttempt() == null ? 1 : call.getAttempt());
    }

    /** The campaign with each call's external_call_id for the attempt it goes out as (CampaignBatch.references). */
    public static vn.voiceroutes.ledger.CampaignBatch referenced(vn.voiceroutes.ledger.CampaignBatch campaign) {
        java.util.Map<String, String> references = new java.util.LinkedHashMap<>();
        campaign.calls().forEach(call -> references.put(call.getRequestId(), externalCallId(call)));
        return references.equals(campaign.references()) ? campaign
                : new vn.voiceroutes.ledger.CampaignBatch(campaign.name(), campaign.templateCampaignId(), campaign.calls(), references);
    }

    public static String externalCallId(String requestId, int attempt) {
        return vn.voiceroutes.model.Sha256.hex(vn.voiceroutes.model.CallRequest.attemptId(requestId, attempt)).substring(0, 32);
    }
}
