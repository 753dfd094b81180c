package vn.voiceroutes.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The canonical call request every source produces and every provider sink consumes: one phone, one channel,
 * the provider parameters by their documented names, the template variables, and where the request came from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CallRequest {

    /**
     * A record's phone and its own id, by the names every channel's records use, whatever the provider: eSMS's
     * parameter names (its calls take a record's parameters as they are; each other provider maps them).
     */
    public static final String PHONE = "Phone";
    public static final String REQUEST_ID = "RequestId";

    /**
     * The longest RequestId a call may have: the smallest any provider keeps (eSMS's 50, EsmsVoice.REQUEST_ID_MAX;
     * VBot's external ids are hashes of it), so one id goes to every provider as it is.
     */
    public static final int REQUEST_ID_MAX = 50;

    private String requestId;
    private String channel;
    private String phone;
    private Map<String, String> params = new LinkedHashMap<>();
    private Map<String, String> variables = new LinkedHashMap<>();
    private Source source;
    private String contentKey;
    private String purpose;
    private String whenCapped;
    private Campaign campaign;
    private String dueAt;
    private String notAfter;
    private Integer attempt;
    private Redial redial;

    public String getRequestId() { return requestId; }
    public void setRequestId(String requestId) { this.requestId = requestId; }
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public Map<String, String> getParams() { return params; }
    public void setParams(Map<String, String> params) { this.params = params; }
    public Map<String, String> getVariables() { return variables; }
    public void setVariables(Map<String, String> variables) { this.variables = variables; }
    public Source getSource() { return source; }
    public void setSource(Source source) { this.source = source; }
    /** What makes two requests the same call (CallRequests.contentKey): a re-used RequestId must name the same call. */
    public String getContentKey() { return contentKey; }
    public void setContentKey(String contentKey) { this.contentKey = contentKey; }
    /** advertising (Decree 91's rules apply) or transactional (OTP, notices); see CallPurpose. */
    public String getPurpose() { return purpose; }
    public void setPurpose(String purpose) { this.purpose = purpose; }
    /** What its channel does with an advertising call over the 24-hour cap: "refuse" (the default) or "hold". */
    public String getWhenCapped() { return whenCapped; }
    public void setWhenCapped(String whenCapped) { this.whenCapped = whenCapped; }

    /** The campaign it belongs to (its file, or its queue's day), which operators pause, resume and stop. */
    public Campaign getCampaign() { return campaign; }
    public void setCampaign(Campaign campaign) { this.campaign = campaign; }

    /**
     * When it may first be placed (ISO-8601 with its offset), if later than its registration: its sendDate, or the
     * calling window's opening. It waits in the ledger, HELD, until then.
     */
    public String getDueAt() { return dueAt; }
    public void setDueAt(String dueAt) { this.dueAt = dueAt; }

    /**
     * The moment after which it is no longer placed (ISO-8601 with its offset): the record's notAfter, or its channel's
     * voice.validity.&lt;channel&gt;-ms from registration. Not placed by then, it ends EXPIRED.
     */
    public String getNotAfter() { return notAfter; }
    public void setNotAfter(String notAfter) { this.notAfter = notAfter; }

    /** Which attempt this is (1, the first, when unset): read from the ledger as the call is claimed. */
    public Integer getAttempt() { return attempt; }
    public void setAttempt(Integer attempt) { this.attempt = attempt; }
    /** Its channel's redial policy as it was registered (voice.redial.&lt;channel&gt;.*), or null: never redialled. */
    public Redial getRedial() { return redial; }
    public void setRedial(Redial redial) { this.redial = redial; }

    /**
     * The RequestId its provider is given for this attempt: the call's own for the first, then the call's with
     * ~&lt;attempt&gt; after it, within eSMS's 50 characters (a long one keeps its start and a hash of the whole), so
     * eSMS's duplicate guard (124) protects every attempt and no two attempts share one.
     */
    public String providerRequestId() {
        return attemptId(requestId, attempt == null ? 1 : attempt);
    }

    public static String attemptId(String requestId, int attempt) {
        if (requestId == null || attempt <= 1) {
            return requestId;
        }
        String suffix = "~" + attempt;
        if (requestId.length() + suffix.length() <= REQUEST_ID_MAX) {
            return requestId + suffix;
        }
        String hash = Sha256.hex(requestId).substring(0, 8);
        return requestId.substring(0, REQUEST_ID_MAX - suffix.length() - hash.length() - 1) + "-" + hash + suffix;
    }

    /**
     * A redial policy: the final statuses that are tried again, after how long, and how many attempts in all
     * (the first included).
     */
    public record Redial(java.util.List<String> statuses, long delayMs, int maxAttempts) {
    }

    public String param(String name) {
        return params.get(name);
    }

    /**
     * Where a request came from: a file, its line and its record's number in the file (a JSON array may hold many
     * records on one line), or a queue and its message id.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String type, String file, Long line, Long record, String queue, String messageId, String batchId) {

        public static Source fileRecord(String file, long line, long record, String batchId) {
            return new Source("file", file, line, record, null, null, batchId);
        }

        public static Source queueMessage(String queue, String messageId) {
            return new Source("queue", null, null, null, queue, messageId, null);
        }

        public String describe() {
            return "file".equals(type) ? file + " line " + line : queue + " message " + messageId;
        }
    }

    /** A campaign: its id in the ledger and the API (a file's batch id, queue:&lt;name&gt;:&lt;day&gt;) and its name. */
    public record Campaign(String id, String name) {

        /** A queue's campaign of one day (yyyy-MM-dd, Vietnam time): its messages' calls. */
        public static Campaign queueDay(String name, java.time.LocalDate day) {
            return new Campaign("queue:" + name + ":" + day, name);
        }
    }

    @Override
    public String toString() {
        return "CallRequest[" + requestId + ", " + channel + (source == null ? "" : ", " + source.describe()) + "]";
    }
}
