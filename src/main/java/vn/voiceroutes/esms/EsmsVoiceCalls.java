package vn.voiceroutes.esms;

import java.time.LocalDateTime;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;


import vn.voiceroutes.dispatch.CallingCalendar;
import vn.voiceroutes.dispatch.CallingWindow;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;
import vn.voiceroutes.template.VoiceTemplates;

/**
 * Turns a call request into a valid eSMS voice request (MakeCallRecord_V2, MakeCallTemplate_V2 or voice OTP):
 * applies the defaults the source route set, then checks every parameter, naming the field that is wrong.
 */
public class EsmsVoiceCalls {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EsmsVoiceCalls.class);

    /** TTS template ids name a file under templates/esms-template/: letters, digits, '_', '-' and '.', never a path. */
    private static final Pattern TEMPLATE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

    /**
     * What a voice OTP may speak. It rings at any hour and skips the do-not-call lists, the opt-outs and the cap (it is
     * transactional): so it speaks only its template (esms-otp/content.ftl) with a code matching codePattern
     * (voice.otp.code-pattern), and a record's own content only where recordContent (esms.otp.record-content) allows it.
     * Otherwise an advertisement sent as "OTP" reached an opted-out number.
     */
    public record OtpRules(Pattern codePattern, boolean recordContent) {
        public static final OtpRules DEFAULT = new OtpRules(Pattern.compile("\\d{4,8}"), false);
    }

    /** The variable a voice OTP's template is given. */
    static final String OTP_CODE = "code";

    private final VoiceTemplates templates;
    private final CallingCalendar window;
    private final EsmsVoiceApi api;
    private final OtpRules otp;

    public EsmsVoiceCalls(VoiceTemplates templates, CallingWindow window, EsmsVoiceApi api) {
        this(templates, window, api, OtpRules.DEFAULT);
    }

    public EsmsVoiceCalls(VoiceTemplates templates, CallingWindow window, EsmsVoiceApi api, OtpRules otp) {
        // the calling window alone: it applies to the voice calls, a voice OTP rings at any hour
        this(templates, CallingCalendar.of(window, java.util.Set.of(EsmsVoice.RECORD_CHANNEL, EsmsVoice.TEMPLATE_CHANNEL)), api, otp);
    }

    public EsmsVoiceCalls(VoiceTemplates templates, CallingCalendar window, EsmsVoiceApi api, OtpRules otp) {
        this.templates = templates;
        this.window = window;
        this.api = api;
        this.otp = otp;
    }


    /** The eSMS checks of a request whose defaults are applied and phone normalised (CallValidation). */
    public CallRequest prepare(CallRequest request) {
        Map<String, String> params = request.getParams();
        if (EsmsVoice.OTP_CHANNEL.equals(request.getChannel())) {
            prepareOtp(request, params);
            api.checkSize(request);
            return request;
        }
        String templateId = params.get(EsmsVoice.TEMPLATE_ID);
        if (templateId == null || templateId.isBlank()) {
            throw new InvalidRecordException("templateId", "is missing (no value in the record and no default in the route)");
        }
        // a TTS template id names a file (templates/esms-template/<id>.ftl): never a path to another channel's template
        if (EsmsVoice.TEMPLATE_CHANNEL.equals(request.getChannel())
                && (!TEMPLATE_ID.matcher(templateId.strip()).matches() || templateId.contains(".."))) {
            throw new InvalidRecordException("templateId", "'" + templateId + "' is not a template id (letters, digits, "
                    + "_ - and . only, at most 100)");
        }
        params.put(EsmsVoice.TEMPLATE_ID, templateId.strip());
        holdUntilDue(request, params);
        if (EsmsVoice.TEMPLATE_CHANNEL.equals(request.getChannel())) {
            prepareTemplateCall(request, params);
        } else {
            prepareRecordCall(params);
        }
        api.checkSize(request);
        return request;
    }

    /**
     * Calls only ring inside the calling window, and never before the sendDate a record asks for. Such a call waits
     * in our own ledger, HELD until it is due ({@link CallRequest#getDueAt}), and goes to eSMS only then: never handed
     * to eSMS early with a SendDate, since eSMS's documents give no way to cancel a scheduled call, and a pause, stop,
     * cancel, do-not-call entry or opt-out could not reach it. A sendDate asked for outside the window is an error,
     * never moved silently.
     */
    private void holdUntilDue(CallRequest request, Map<String, String> params) {
        String channel = request.getChannel();
        String purpose = request.getPurpose();
        String asked = params.remove(EsmsVoice.SEND_DATE);
        LocalDateTime due = null;
        if (asked != null) {
            due = futureSendDate(asked);
            if (!window.allows(channel, purpose, due)) {
                throw new InvalidRecordException("sendDate", "'" + asked + "' is outside the calling window " + window.hoursOf(channel, purpose));
            }
            if (request.getNotAfter() != null && !java.time.OffsetDateTime.parse(request.getNotAfter()).isAfter(window.instant(due))) {
                throw new InvalidRecordException("notAfter", "is not after its sendDate '" + asked + "': the call would never be placed");
            }
        } else if (!window.isOpenNow(channel, purpose)) {
            due = window.firstAllowed(channel, purpose, window.now());
        }
        if (due != null) {
            request.setDueAt(window.instant(due).toString());
        }
    }

    /**
     * The calling window again, as the call is about to go out: it was registered earlier (a paused provider, a long
     * list, a campaign paused overnight), perhaps while the window was open. Outside it, the call goes back to the
     * ledger HELD until the window's next opening (this is that time); inside it, or for a voice OTP (it rings when
     * asked), null: it goes out now. A SendDate left in a request by a version that handed it to eSMS is taken off
     * (eSMS is never given one): still ahead, the call is held until then.
     */
    public String heldUntil(CallRequest request) {
        LocalDateTime now = window.now();
        String legacy = request.getParams().remove(EsmsVoice.SEND_DATE);
        if (legacy != null) {
            LocalDateTime asked = sendDate(legacy);
            if (asked.isAfter(now)) {
                return window.instant(asked).toString();
            }
        }
        if (window.allows(request.getChannel(), request.getPurpose(), now)) {
            return null;
        }
        return window.instant(window.firstAllowed(request.getChannel(), request.getPurpose(), now)).toString();
    }

    /**
     * Voice OTP is transactional: it rings when asked, outside the calling window too. Its spoken Content is
     * templates/esms-otp/content.ftl rendered with the record's code (the only variable the template is given), which
     * must match voice.otp.code-pattern; a record's own content is refused unless esms.otp.record-content=true (OtpRules).
     */
    private void prepareOtp(CallRequest request, Map<String, String> params) {
        String content = params.get(EsmsVoice.CONTENT);
        boolean ownContent = content != null && !content.isBlank();
        if (ownContent && !otp.recordContent()) {
            throw new InvalidRecordException("content", "is refused: a voice OTP speaks its template with the record's code only "
                    + "(esms.otp.record-content=false); drop the content and give the code");
        }
        if (!ownContent) {
            String code = request.getVariables().get(OTP_CODE);
            if (code == null || code.isBlank()) {
                throw new InvalidRecordException(OTP_CODE, "is missing: a voice OTP speaks templates/esms-otp/content.ftl with the record's code");
            }
            if (!otp.codePattern().matcher(code.strip()).matches()) {
                throw new InvalidRecordException(OTP_CODE, "'" + code + "' is not a code (voice.otp.code-pattern " + otp.codePattern() + ")");
            }
            content = templates.render("esms-otp/content.ftl", Map.of(OTP_CODE, code.strip()));
        }
        if (content.isBlank()) {
            throw new InvalidRecordException("content", "is empty");
        }
        params.put(EsmsVoice.CONTENT, content);
        boolean accents = !content.chars().allMatch(c -> c < 128);
        params.put(EsmsVoice.IS_UNICODE, flag("isUnicode", params.getOrDefault(EsmsVoice.IS_UNICODE, accents ? "1" : "0")));
        if (params.containsKey(EsmsVoice.SANDBOX)) {
            params.put(EsmsVoice.SANDBOX, flag("sandbox", params.get(EsmsVoice.SANDBOX)));
        }
        // a voice OTP rings outside the calling window too, but not before its sendDate
        holdUntilDue(request, params);
    }

    private static String flag(String field, String value) {
        String v = value.strip();
        if (!v.equals("0") && !v.equals("1")) {
            throw new InvalidRecordException(field, "'" + value + "' is neither 0 nor 1");
        }
        return v;
    }

    private static void prepareRecordCall(Map<String, String> params) {
        if (params.containsKey(EsmsVoice.NUMBER_FORWARD)) {
            params.put(EsmsVoice.NUMBER_FORWARD, PhoneNumbers.normalize("numberForward", params.get(EsmsVoice.NUMBER_FORWARD)));
        }
        for (String counter : List.of(EsmsVoice.MAX_REPEAT, EsmsVoice.MAX_RETRY, EsmsVoice.TIME_WAIT_TO_IVR, EsmsVoice.WAIT_RETRY)) {
            if (params.containsKey(counter)) {
                params.put(counter, Integer.toString(wholeNumber(counter, params.get(counter), 0, Integer.MAX_VALUE)));
            }
        }
        String ivr = params.get(EsmsVoice.IVR);
        if (ivr != null && !ivr.strip().matches("[0-9]")) {
            throw new InvalidRecordException("ivr", "'" + ivr + "' is not one key 0-9");
        }
    }

    private void prepareTemplateCall(CallRequest request, Map<String, String> params) {
        String voice = params.get(EsmsVoice.VOICE);
        if (voice != null) {
            String normalised = voice.strip().toLowerCase(java.util.Locale.ROOT);
            if (!EsmsVoice.VOICES.contains(normalised)) {
                throw new InvalidRecordException("voice", "'" + voice + "' is not one of " + String.join(", ", EsmsVoice.VOICES));
            }
            params.put(EsmsVoice.VOICE, normalised);
        }
        if (params.containsKey(EsmsVoice.SPEED)) {
            params.put(EsmsVoice.SPEED, Integer.toString(wholeNumber(EsmsVoice.SPEED, params.get(EsmsVoice.SPEED),
                    EsmsVoice.SPEED_MIN, EsmsVoice.SPEED_MAX)));
        }
        if (!params.containsKey(EsmsVoice.VARIABLE_LIST_STR)) {
            List<String> values = templates.variableValues(params.get(EsmsVoice.TEMPLATE_ID), request.getVariables());
            for (String value : values) {
                if (value.contains(EsmsVoice.VARIABLE_SEPARATOR)) {
                    throw new InvalidRecordException("variables", "the value '" + value + "' contains "
                            + EsmsVoice.VARIABLE_SEPARATOR + ", which separates the values of VariableListStr");
                }
            }
            params.put(EsmsVoice.VARIABLE_LIST_STR, String.join(EsmsVoice.VARIABLE_SEPARATOR, values));
        }
    }

    /** The documented name for a column or field name among these parameters, matched case-insensitively. */
    public static String canonicalName(List<String> params, String name) {
        for (String param : params) {
            if (param.equalsIgnoreCase(name.strip())) {
                return param;
            }
        }
        return null;
    }

    private static int wholeNumber(String param, String value, int min, int max) {
        String field = Character.toLowerCase(param.charAt(0)) + param.substring(1);
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(field, "'" + value + "' is not a whole number");
        }
        if (number < min || number > max) {
            throw new InvalidRecordException(field, "'" + value + "' is outside " + min + ".."
                    + (max == Integer.MAX_VALUE ? "" : Integer.toString(max)));
        }
        return number;
    }

    /**
     * A SendDate asked for: a real date (strictly read) that is not in the past. eSMS would call a past date at once,
     * which is not what the record asks for.
     */
    private LocalDateTime futureSendDate(String value) {
        LocalDateTime asked = sendDate(value);
        LocalDateTime now = window.now();
        if (asked.isBefore(now)) {
            throw new InvalidRecordException("sendDate", "'" + value.strip() + "' is in the past (now "
                    + now.format(EsmsVoice.SEND_DATE_FORMAT) + ", Vietnam time)");
        }
        return asked;
    }

    /** A sendDate in any of the record forms (RecordTimes), as Vietnam's local time. */
    static LocalDateTime sendDate(String value) {
        return vn.voiceroutes.model.RecordTimes.vietnamTime("sendDate", value);
    }
}
