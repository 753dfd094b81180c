package vn.voiceroutes.esms;

import vn.voiceroutes.config.LocalSecret;

/**
 * The URLs we hand to providers for their callbacks: our public URL, the secret path segment, and our own
 * RequestId as a query parameter so a callback finds its call even before the provider's reference is stored. Each
 * provider has a token of its own (esms.callback-token, vbot.webhook-token): one provider's token cannot report
 * the other's calls.
 */
public class CallbackUrls {

    public static final String REQUEST_ID_PARAM = "rid";

    private final String publicUrl;
    private final LocalSecret esmsToken;
    private final LocalSecret vbotToken;

    public CallbackUrls(String publicUrl, LocalSecret esmsToken, LocalSecret vbotToken) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.esmsToken = esmsToken;
        this.vbotToken = vbotToken;
    }

    public String esms(String requestId) {
        return esms(esmsBase(), requestId);
    }

    /** The callback URL eSMS is given for one call: ours, with our RequestId. */
    public static String esms(String esmsBase, String requestId) {
        return esmsBase + "?" + REQUEST_ID_PARAM + "=" + EsmsQuery.percentEncode(requestId);
    }

    /** eSMS's callback URL without the call's RequestId (it carries the secret path segment). */
    public String esmsBase() {
        return publicUrl + "/callbacks/esms/" + esmsToken.reveal();
    }

    /** Where VBot's webhooks go (set once in VBot's console). */
    public String vbotWebhook() {
        return publicUrl + "/callbacks/vbot/" + vbotToken.reveal();
    }

    /** The token eSMS's callbacks carry in their path. */
    public LocalSecret esmsToken() {
        return esmsToken;
    }

    /** The token VBot's webhooks carry in their path. */
    public LocalSecret vbotToken() {
        return vbotToken;
    }

    @Override
    public String toString() {
        return "CallbackUrls[" + publicUrl + "]";
    }
}
