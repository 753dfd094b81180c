package vn.voiceroutes.esms;

import java.time.format.DateTimeFormatter;
import java.util.List;

/** The facts of eSMS's voice API (host voiceapi.esms.vn), written once. */
public final class EsmsVoice {

    public static final String PROVIDER = "eSMS";

    /** Our channels on eSMS: calls from a recording, from a text-to-speech template, voice OTP. */
    public static final String RECORD_CHANNEL = "esms-record";
    public static final String TEMPLATE_CHANNEL = "esms-template";
    public static final String OTP_CHANNEL = "esms-otp";
    public static final String SERVICE_PATH = "/MainService.svc/json/";
    public static final String MAKE_CALL_RECORD = "MakeCallRecord_V2";
    public static final String MAKE_CALL_TEMPLATE = "MakeCallTemplate_V2";

    /**
     * Whether calls of this channel go through eSMS's rest API (voice OTP: SendMultipleMessage_V4, asked its status by
     * RefId) rather than its voice API: the dispatcher's place route and the status poll choose their route template
     * by it, the previews and the size check their request.
     */
    public static boolean throughRestApi(String channel) {
        return OTP_CHANNEL.equals(channel);
    }

    /**
     * The voice API operation a call of this channel is placed with (the OTP channel has its own API, an unknown
     * channel none). Its one place: esms-voice-call-sink calls it, the previews and the size check build the same
     * query.
     */
    public static String callOperation(String channel) {
        return switch (channel) {
            case RECORD_CHANNEL -> MAKE_CALL_RECORD;
            case TEMPLATE_CHANNEL -> MAKE_CALL_TEMPLATE;
            default -> throw new IllegalArgumentException("no eSMS voice API operation places calls of channel " + channel);
        };
    }

    public static final String GET_SEND_STATUS = "GetSendStatus";
    /** On the rest API (rest.esms.vn): POST JSON {ApiKey, SecretKey}, answer {Balance, CodeResponse, UserID}. */
    public static final String GET_BALANCE = "GetBalance_json";
    public static final String BALANCE = "Balance";

    public static final String API_KEY = "ApiKey";
    public static final String SECRET_KEY = "SecretKey";
    public static final String TEMPLATE_ID = "TemplateId";
    /** eSMS takes a record's parameters as they are: its names are the records' (CallRequest). */
    public static final String PHONE = vn.voiceroutes.model.CallRequest.PHONE;
    public static final String SEND_DATE = "SendDate";
    public static final String NUMBER_FORWARD = "NumberForward";
    public static final String MAX_REPEAT = "MaxRepeat";
    public static final String MAX_RETRY = "MaxRetry";
    public static final String IVR = "Ivr";
    public static final String TIME_WAIT_TO_IVR = "TimeWaitToIvr";
    public static final String WAIT_RETRY = "WaitRetry";
    public static final String CALLBACK_URL = "CallbackUrl";
    public static final String VARIABLE_LIST_STR = "VariableListStr";
    public static final String VOICE = "Voice";
    public static final String SPEED = "Speed";
    /** TTS voices: male (northern man), female (northern woman), hatieumai (southern woman), ngoclam (Hue woman). */
    public static final List<String> VOICES = List.of("male", "female", "hatieumai", "ngoclam");
    public static final int SPEED_MIN = -3;
    public static final int SPEED_MAX = 3;
    /** VariableListStr joins the template's values left to right with this separator. */
    public static final String VARIABLE_SEPARATOR = "||";
    /**
     * The record-call page's URL spells it "RequestID", its parameter table and the template-call page "RequestId".
     * We send the table's spelling; the simulator, like eSMS's query binding, accepts either.
     */
    public static final String REQUEST_ID = vn.voiceroutes.model.CallRequest.REQUEST_ID;
    public static final String REFERENCE_ID = "ReferenceId";

    /** MakeCallRecord_V2's parameters a record may carry (CallbackUrl is always ours, credentials never theirs). */
    public static final List<String> RECORD_CALL_PARAMS = List.of(TEMPLATE_ID, PHONE, SEND_DATE, NUMBER_FORWARD,
            MAX_REPEAT, MAX_RETRY, IVR, TIME_WAIT_TO_IVR, WAIT_RETRY, REQUEST_ID);

    /** MakeCallTemplate_V2's parameters a record may carry. */
    public static final List<String> TEMPLATE_CALL_PARAMS = List.of(TEMPLATE_ID, PHONE, VARIABLE_LIST_STR, SEND_DATE,
            VOICE, SPEED, REQUEST_ID);

    /*
     * Voice OTP, on the rest API (rest.esms.vn). Seed 003 documents the GET form, esms-docs the POST JSON form (its
     * URL ends with a slash). Both pages' tables call the accent flag "Unicode" while their URL and body send
     * "IsUnicode": we send IsUnicode.
     */
    public static final String SEND_OTP_GET = "SendMultipleMessage_V4_get";
    public static final String SEND_OTP_POST = "SendMultipleMessage_V4_post_json/";
    public static final String CONTENT = "Content";
    /** The rest API's GetSendStatus asks by RefId (the SMSID), and answers in the message callback's fields. */
    public static final String REF_ID = "RefId";
    public static final String SMS_TYPE = "SmsType";
    /** SmsType 8 ("tin cố định giá rẻ") is the type both OTP pages give for voice OTP. */
    public static final String SMS_TYPE_VOICE_OTP = "8";
    public static final String IS_UNICODE = "IsUnicode";
    public static final String SANDBOX = "Sandbox";
    public static final String CAMPAIGN_ID = "campaignid";
    /** OTP's SendDate: "yyyy-MM-dd HH:mm:ss", with dashes, unlike the voice calls' slashes. */
    public static final DateTimeFormatter OTP_SEND_DATE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Voice OTP parameters a record may carry. */
    public static final List<String> OTP_PARAMS = List.of(PHONE, CONTENT, IS_UNICODE, SANDBOX, CAMPAIGN_ID, SEND_DATE, REQUEST_ID);

    /** The message-style callback voice OTP reports with (esms-docs/callback-url.md). */
    public static final String SEND_FAILED = "SendFailed";
    public static final String SEND_SUCCESS = "SendSuccess";
    public static final String TOTAL_PRICE = "TotalPrice";

    /** Answer fields: calls answer CodeResult, the status call answers CodeResponse (and CodeResult on errors). */
    public static final String CODE_RESULT = "CodeResult";
    public static final String CODE_RESPONSE = "CodeResponse";
    public static final String SMS_ID = "SMSID";
    public static final String ERROR_MESSAGE = "ErrorMessage";

    /** Voice callback (GET to our CallbackUrl) and status-answer fields. */
    public static final String CALL_DURATION = "CallDuration";
    public static final String CALL_STATUS = "CallStatus";
    public static final String PRICE = "Price";
    public static final String SENT_RESULT = "SentResult";
    public static final String CID = "CID";
    public static final String SEND_STATUS = "SendStatus";
    public static final List<String> VOICE_CALLBACK_PARAMS = List.of(REFERENCE_ID, CALL_DURATION, CALL_STATUS, IVR,
            PRICE, SENT_RESULT, CID, SEND_STATUS);

    /** Voice SendDate: "yyyy/MM/dd HH:mm:ss", Vietnam time (the page's "hh" is a 24-hour clock in its example). */
    public static final DateTimeFormatter SEND_DATE_FORMAT = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    /** Longest RequestId eSMS keeps; it blocks a repeat for 24 hours with code 124. */
    public static final int REQUEST_ID_MAX = 50;

    /** Fields of the message-style callback. */
    public static final List<String> MESSAGE_CALLBACK_PARAMS = List.of(SMS_ID, SEND_FAILED, SEND_STATUS, SEND_SUCCESS,
            TOTAL_PRICE, "TotalReceiver", "TotalSent", REQUEST_ID, "TypeId", "telcoid", "phonenumber");

    private EsmsVoice() {
    }
}
