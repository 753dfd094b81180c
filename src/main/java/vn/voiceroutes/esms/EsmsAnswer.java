package vn.voiceroutes.esms;

import vn.voiceroutes.ledger.CallQueue.SendAnswer;

/** eSMS's answer to a call request: its code (CodeResult), what the code means, and the SMSID on acceptance. */
public record EsmsAnswer(String code, EsmsCodes.Kind kind, String smsId, String message) {

    /**
     * What the ledger records of it: a rejection for good (final, with eSMS's code and message as the reason), or
     * accepted (100, or 124: eSMS already had this RequestId) with the SMSID the call is reported by.
     */
    public SendAnswer sendAnswer() {
        boolean rejected = kind == EsmsCodes.Kind.RECORD_REJECTED;
        return new SendAnswer(rejected, smsId, code, rejected ? EsmsVoice.PROVIDER + " " + code + ": " + message : null);
    }
}
