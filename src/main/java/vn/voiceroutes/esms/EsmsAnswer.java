package vn.voiceroutes.esms;

/** eSMS's answer to a call request: its code (CodeResult), what the code means, and the SMSID on acceptance. */
public record EsmsAnswer(String code, EsmsCodes.Kind kind, String smsId, String message) {
}
