package vn.voiceroutes.vbot;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The request bodies VBot takes, typed: Jackson writes them with VBot's names (Vbot, VbotAutoCall), in this order. */
final class VbotRequests {

    private VbotRequests() {
    }

    /** POST [URL]/api/campaign/create (the seed's API). campaignId: a number where the template's id is one. */
    record CampaignCreate(@JsonProperty(Vbot.VBOT_ID) String vbotId, @JsonProperty(Vbot.GROUP_CODE) String groupCode,
            @JsonProperty(Vbot.CAMPAIGN_ID) Object campaignId, @JsonProperty(Vbot.NAME) String name,
            @JsonProperty(Vbot.PHONES) List<CampaignPhone> phones) {
    }

    /** One phone of a campaign: its fields, the phone first. */
    record CampaignPhone(@JsonProperty(Vbot.FIELDS) List<Field> fields) {
    }

    record Field(@JsonProperty(Vbot.KEY) String key, @JsonProperty(Vbot.VALUE) String value) {
    }

    /** POST [URL]/m-auto-call/api/call/create-list-phone (v3/campaign-call.md); unset limits are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AutoCallList(@JsonProperty(VbotAutoCall.TEMPLATE_CODE) String templateCode,
            @JsonProperty(VbotAutoCall.HOTLINE_CODE) String hotlineCode, @JsonProperty(VbotAutoCall.MAX_TIME) Integer maxTime,
            @JsonProperty(VbotAutoCall.MAX_WAITING_TIME) Integer maxWaitingTime,
            @JsonProperty(VbotAutoCall.PHONE_INFOS) List<PhoneInfo> phoneInfos) {
    }

    /** One phone of an auto-call request; name and customer_uid only when the record has them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PhoneInfo(@JsonProperty(VbotAutoCall.PHONE) String phone, @JsonProperty(VbotAutoCall.EXTERNAL_CALL_ID) String externalCallId,
            @JsonProperty(VbotAutoCall.NAME) String name, @JsonProperty(VbotAutoCall.CUSTOMER_UID) String customerUid,
            @JsonProperty(VbotAutoCall.DATAS) Map<String, String> datas) {
    }
}
