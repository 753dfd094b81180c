package vn.voiceroutes.esms;

/** An eSMS account's credentials. They go into the provider query only; toString never shows them. */
public record EsmsAccount(String apiKey, String secretKey) {

    @Override
    public String toString() {
        return "EsmsAccount[****]";
    }
}
