package vn.voiceroutes.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import vn.voiceroutes.simulator.EsmsStandIn.SimCall;
import vn.voiceroutes.simulator.ProviderSimulator.CallbackAttempt;

/**
 * eSMS's callbacks (GET to the CallbackUrl, callback-url.md and the voice pages): the documented values of a finished
 * call, in the voice form or the message form voice OTP uses, resent up to 5 times until HTTP 200.
 */
final class EsmsCallbackSender {

    private final SimulatorSupport support;
    private final SimulatorSettings settings;

    EsmsCallbackSender(SimulatorSupport support) {
        this.support = support;
        this.settings = support.settings();
    }

    /** The documented callback values for a finished call of the chosen outcome. */
    Map<String, String> report(SimCall call) {
        if (call.otp()) {
            return messageReport(call);
        }
        Map<String, String> report = new LinkedHashMap<>();
        int duration = 5 + Math.floorMod(call.smsId().hashCode(), 55);
        report.put("ReferenceId", call.smsId());
        switch (call.outcome()) {
            case "ANSWERED" -> {
                report.put("CallDuration", Integer.toString(duration));
                report.put("CallStatus", "ANSWERED");
                report.put("Ivr", settings.ivrKey());
                report.put("Price", "750.0000");
                report.put("SentResult", "1");
            }
            case "NO_ANSWER" -> {
                report.put("CallDuration", "0");
                report.put("CallStatus", "NO ANSWER");
                report.put("Ivr", "");
                report.put("Price", "0.0000");
                report.put("SentResult", "1");
            }
            default -> {
                // The documented sample callback: no CallStatus, SentResult 0.
                report.put("CallDuration", "0");
                report.put("CallStatus", "");
                report.put("Ivr", "");
                report.put("Price", "0.0000");
                report.put("SentResult", "0");
            }
        }
        report.put("CID", "02871002454");
        report.put("SendStatus", "5");
        return report;
    }

    /** The message-style callback (callback-url.md) voice OTP reports with: delivered unless the outcome is FAILED. */
    static Map<String, String> messageReport(SimCall call) {
        boolean delivered = !"FAILED".equals(call.outcome());
        Map<String, String> report = new LinkedHashMap<>();
        report.put("SMSID", call.smsId());
        report.put("SendFailed", delivered ? "0" : "1");
        report.put("SendStatus", "5");
        report.put("SendSuccess", delivered ? "1" : "0");
        report.put("TotalPrice", delivered ? "500.0000" : "0.0000");
        report.put("TotalReceiver", "1");
        report.put("TotalSent", "1");
        report.put("RequestId", call.requestId() == null ? "" : call.requestId());
        report.put("TypeId", "8");
        report.put("telcoid", "1");
        report.put("phonenumber", call.phone());
        return report;
    }

    void deliver(String callbackUrl, Map<String, String> report, int attempt, int duplicates) {
        String url = withParams(callbackUrl, report);
        int status;
        try {
            HttpResponse<Void> response = support.client().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        support.attempted(new CallbackAttempt(Instant.now(), url, status));
        if (status == 200) {
            if (duplicates > 0) {
                support.callbacks().schedule(() -> deliver(callbackUrl, report, 0, duplicates - 1), 50, TimeUnit.MILLISECONDS);
            }
        } else if (attempt < SimulatorSupport.CALLBACK_RESENDS) {
            support.callbacks().schedule(() -> deliver(callbackUrl, report, attempt + 1, duplicates), settings.callbackRetryDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** Appends the report to the CallbackUrl, replacing the empty placeholders the documented template carries. */
    static String withParams(String callbackUrl, Map<String, String> report) {
        int question = callbackUrl.indexOf('?');
        String base = question < 0 ? callbackUrl : callbackUrl.substring(0, question);
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String pair : callbackUrl.substring(question + 1).split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!pair.isEmpty() && report.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                    kept.add(pair);
                }
            }
        }
        report.forEach((name, value) -> kept.add(percentEncode(name) + "=" + percentEncode(value == null ? "" : value)));
        return base + "?" + String.join("&", kept);
    }

    /** Percent-encoding with %20 for a space, as eSMS writes its callback queries. */
    private static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
