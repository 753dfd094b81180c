package vn.voiceroutes.simulator;

import static vn.voiceroutes.simulator.SimulatorSupport.JSON;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import vn.voiceroutes.simulator.ProviderSimulator.CallbackAttempt;

/**
 * VBot's webhooks for a call that has ended (POST JSON to the URL set in VBot's console): for a campaign, the seed's
 * auto-call history or (vbot-webhook-form=v3) v3's CAMPAIGN_CALL in AUTO_CALL_LOG's shape; AUTO_CALL_LOG (camelCase,
 * externalCallId) for an auto-call; resent until HTTP 200.
 */
final class VbotWebhookSender {

    // the webhook's kind, as VBot names it (v3/webhooks.md): the seed's campaign history and v3's campaign call alike
    private static final String EVENT_DATA = "event_data";
    private static final String CAMPAIGN_CALL = "CAMPAIGN_CALL";

    private final SimulatorSupport support;
    private final SimulatorSettings settings;

    VbotWebhookSender(SimulatorSupport support) {
        this.support = support;
        this.settings = support.settings();
    }

    void send(String phone, String externalCallId, String campaignOrTemplate, Map<String, String> fields, String disposition,
            int talk, double postage) {
        String url = settings.vbotWebhookUrl();
        if (url == null || !settings.callbacks()) {
            return;
        }
        Map<String, Object> hook = new LinkedHashMap<>();
        if (externalCallId == null && settings.vbotWebhookForm().equals("seed")) {
            String status = switch (disposition) {
                case "ANSWER" -> "200";
                case "NOANSWER" -> "2";
                case "BUSY" -> "3";
                default -> "101";
            };
            hook.put("campaign_id", Long.parseLong(campaignOrTemplate));
            hook.put("create_at", java.time.LocalDateTime.now(VbotStandIn.VIETNAM).toString());
            hook.put("hotline", "02871002454");
            hook.put("phone", phone);
            hook.put("name", fields.getOrDefault("name", ""));
            hook.put("description", fields.getOrDefault("description", ""));
            hook.put("status", Integer.parseInt(status));
            hook.put("time_call", talk);
            hook.put("postage", postage);
            hook.put("service_charge", 0.0);
            hook.put("action_log", "");
            hook.put(EVENT_DATA, CAMPAIGN_CALL);
        } else {
            hook.put("phone", phone);
            hook.put("duration", talk + 7);
            hook.put("billsec", talk);
            hook.put("disposition", disposition);
            // the keys pressed (webhooks.md: "Log tương tác DTMF"), the ivr-key setting as eSMS's Ivr
            if ("ANSWER".equals(disposition) && settings.ivrKey() != null && !settings.ivrKey().isEmpty()) {
                hook.put("inputLog", "1," + settings.ivrKey());
            }
            hook.put("hotlineCode", "SIM_HOTLINE");
            hook.put("postage", postage);
            hook.put("serviceCharge", 0);
            if (externalCallId == null) {
                // v3's CAMPAIGN_CALL: AUTO_CALL_LOG's payload for a campaign's call, which has no external id
                hook.put(EVENT_DATA, CAMPAIGN_CALL);
                hook.put("campaignName", "campaign " + campaignOrTemplate);
            } else {
                hook.put("templateScriptCode", campaignOrTemplate);
            }
            hook.put("transId", "SIM" + UUID.randomUUID().toString().replace("-", "").substring(0, 17));
            hook.put("createAt", Instant.now().toEpochMilli());
            hook.put("telcoCode", "VTL");
            try {
                hook.put("metaData", JSON.writeValueAsString(fields));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (externalCallId != null) {
                hook.put("externalCallId", externalCallId);
            }
        }
        support.callbacks().schedule(() -> post(url, hook, 0), settings.callbackDelayMs(), TimeUnit.MILLISECONDS);
    }

    private void post(String url, Map<String, Object> body, int attempt) {
        int status;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (settings.vbotWebhookAuth() != null) {
                request.header("Authorization", settings.vbotWebhookAuth());
            }
            HttpResponse<Void> response = support.client().send(request.build(), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        support.attempted(new CallbackAttempt(Instant.now(), url + " " + body.get("phone"), status));
        if (status != 200 && attempt < SimulatorSupport.CALLBACK_RESENDS) {
            support.callbacks().schedule(() -> post(url, body, attempt + 1), settings.callbackRetryDelayMs(), TimeUnit.MILLISECONDS);
        }
    }
}
