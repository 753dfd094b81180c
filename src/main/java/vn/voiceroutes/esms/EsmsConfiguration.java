package vn.voiceroutes.esms;

import org.apache.camel.spi.Registry;

import vn.voiceroutes.dispatch.CallingCalendar;
import vn.voiceroutes.template.VoiceTemplates;

/**
 * eSMS's beans, bound from its settings (EsmsSettings): the calls' queries and the answers (EsmsVoiceApi), status and
 * balance (EsmsStatusApi), and the rules of its channels (EsmsVoiceCalls). The account's keys go into the queries
 * only.
 */
public final class EsmsConfiguration {

    private EsmsConfiguration() {
    }

    /** Binds eSMS's beans; the channels' rules are returned for the validation every channel shares. */
    public static EsmsVoiceCalls bind(Registry registry, EsmsSettings esms, CallbackUrls callbackUrls, CallingCalendar window,
            VoiceTemplates templates) {
        EsmsVoiceApi api = new EsmsVoiceApi(esms.account(), callbackUrls.esmsBase(), esms.maxQueryBytes(), esms.otpForm());
        registry.bind("esmsVoiceApi", api);
        registry.bind("esmsStatusApi", new EsmsStatusApi(esms.account()));
        EsmsVoiceCalls calls = new EsmsVoiceCalls(templates, window, api, esms.otpRules());
        registry.bind("esmsVoiceCalls", calls);
        return calls;
    }
}
