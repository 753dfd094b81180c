package vn.voiceroutes.model;

import java.util.EnumSet;
import java.util.Set;

/** One call lifecycle across providers. Transitions only move forward: a final status is never left. */
public enum CallStatus {
    QUEUED, HELD, SUBMITTED, REJECTED, ANSWERED, NO_ANSWER, BUSY, CANCELLED, FAILED, EXPIRED;

    public static final Set<CallStatus> FINAL = EnumSet.of(REJECTED, ANSWERED, NO_ANSWER, BUSY, CANCELLED, FAILED, EXPIRED);

    public boolean isFinal() {
        return FINAL.contains(this);
    }
}
