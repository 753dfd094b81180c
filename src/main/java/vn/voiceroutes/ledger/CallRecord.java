package vn.voiceroutes.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import vn.voiceroutes.model.CallStatus;

/**
 * One row of the call ledger. attempts counts claims (sends and tries); attempt is the redial attempt the call is on
 * (1 without redial), maxAttempts the most its policy allows (1 without redial).
 */
public record CallRecord(String requestId, String channel, String phone, CallStatus status, String providerRef,
        String providerCode, String reason, Integer durationSeconds, BigDecimal price, String ivr, String sourceType,
        String sourceName, Long sourceLine, String sourceMessageId, String batchId, int attempts, String lastError,
        Instant createdAt, Instant submittedAt, Instant finishedAt, int attempt, int maxAttempts) {
}
