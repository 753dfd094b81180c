package vn.voiceroutes.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

/**
 * Names the call a span is about, so that a call's intake, dispatch and callback are found together by its RequestId
 * in the tracing backend (voice.tracing.enabled). The span is the one current on the route's thread: a queue
 * message's, a dispatched call's, a callback's. A span about several calls (a dispatcher's batch) gets an event per
 * call, each with its RequestId; its voice.request_id attribute is the last one's. Without tracing, nothing happens.
 */
public class CallSpans {

    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("voice.request_id");

    // a RequestId is at most 50 characters (eSMS's limit); a callback's claimed one is not trusted beyond that
    private static final int MAX = 50;

    /** Tags the current span with the call's RequestId. */
    public void tag(String requestId) {
        Span span = Span.current();
        if (requestId == null || requestId.isBlank() || !span.getSpanContext().isValid()) {
            return;
        }
        String id = requestId.length() > MAX ? requestId.substring(0, MAX) : requestId;
        span.setAttribute(REQUEST_ID, id);
        span.addEvent("voice.call", Attributes.of(REQUEST_ID, id));
    }
}
