package vn.voiceroutes.vbot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


import vn.voiceroutes.ledger.CampaignBatch;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * The vbot-campaign channel's rules that depend on its transport (vbot.transport): the seed's campaign API
 * ({@value Vbot#TRANSPORT}) or the current auto-call API ({@value VbotAutoCall#TRANSPORT}). Checks a call request
 * at intake, gives the provider reference a call is known by before it goes out, and cuts campaigns into requests.
 */
public class VbotCalls {

    /**
     * The request parameters the calls of one campaign share (CampaignLedger): the campaign API's template campaign,
     * the auto-call API's script.
     */
    public static final java.util.List<String> CAMPAIGN_GROUPING = java.util.List.of(Vbot.CAMPAIGN_ID, VbotAutoCall.RECORD_TEMPLATE_CODE);

    private final String transport;

    public VbotCalls(String transport) {
        if (!Vbot.TRANSPORT.equals(transport) && !VbotAutoCall.TRANSPORT.equals(transport)) {
            throw new IllegalArgumentException("vbot.transport must be '" + Vbot.TRANSPORT + "' or '" + VbotAutoCall.TRANSPORT
                    + "', not '" + transport + "'");
        }
        this.transport = transport;
    }

    public String transport() {
        return transport;
    }

    private boolean autoCall() {
        return VbotAutoCall.TRANSPORT.equals(transport);
    }

    /**
     * The template (campaignId for campaigns, templateCode for auto-calls, from the record or the route default) and
     * numberCall of a request whose defaults are applied and phone normalised (CallValidation).
     */
    /**
     * What a call would go out as (a preview): VBot takes its calls together, a campaign at a time, so this is the
     * call's entry in it, its parameters and fields (no credential is among them: the token is the request's header).
     */
    public static String preview(CallRequest request) {
        java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("params", request.getParams());
        entry.put("fields", request.getVariables());
        try {
            return "VBot campaign entry " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(entry);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public CallRequest prepare(CallRequest request) {
        Map<String, String> params = request.getParams();
        if (autoCall()) {
            String template = params.get(VbotAutoCall.RECORD_TEMPLATE_CODE);
            if (template == null || template.isBlank()) {
                throw new InvalidRecordException(VbotAutoCall.RECORD_TEMPLATE_CODE,
                        "is missing (no value in the record and no vbot.template-code)");
            }
        } else {
            String campaign = params.get(Vbot.CAMPAIGN_ID);
            if (campaign == null || campaign.isBlank()) {
                throw new InvalidRecordException(Vbot.CAMPAIGN_ID, "is missing (no value in the record and no vbot.campaign-id)");
            }
        }
        String numberCall = params.get(Vbot.NUMBER_CALL);
        if (numberCall != null && !numberCall.strip().matches("[1-9][0-9]?")) {
            throw new InvalidRecordException(Vbot.NUMBER_CALL, "'" + numberCall + "' is not a number of calls from 1 to 99");
        }
        return request;
    }

    /**
     * The reference VBot will report a call by, known before it goes out: the external_call_id for auto-calls (their
     * answer names no call); none for campaigns (the campaign id comes with VBot's answer).
     */
    public String callReference(CallRequest request) {
        return autoCall() ? VbotAutoCall.externalCallId(request) : null;
    }

    /**
     * The requests a campaign goes out in: itself for the campaign API; for auto-calls, requests of at most 5 phones
     * in which no phone appears twice (VBot silently drops a repeated phone, whose call would then never be reported).
     */
    public List<CampaignBatch> requests(List<CampaignBatch> campaigns) {
        if (!autoCall()) {
            return campaigns;
        }
        List<CampaignBatch> requests = new ArrayList<>();
        for (CampaignBatch campaign : campaigns) {
            List<List<CallRequest>> parts = new ArrayList<>();
            List<Set<String>> phones = new ArrayList<>();
            for (CallRequest call : campaign.calls()) {
                int part = 0;
                while (part < parts.size() && (parts.get(part).size() == VbotAutoCall.MAX_PHONES_PER_REQUEST
                        || phones.get(part).contains(call.getPhone()))) {
                    part++;
                }
                if (part == parts.size()) {
                    parts.add(new ArrayList<>());
                    phones.add(new HashSet<>());
                }
                parts.get(part).add(call);
                phones.get(part).add(call.getPhone());
            }
            for (List<CallRequest> part : parts) {
                requests.add(VbotAutoCall.referenced(new CampaignBatch(campaign.name(), campaign.templateCampaignId(), part)));
            }
        }
        return requests;
    }
}
