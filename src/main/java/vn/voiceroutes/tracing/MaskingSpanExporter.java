package vn.voiceroutes.tracing;

import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.apache.camel.util.URISupport;

/**
 * Masks secrets in every span before it leaves: Camel's spans carry the URLs of calls and callbacks whole (http.url,
 * camel.uri, url.query), and those hold eSMS's ApiKey and SecretKey in the query and the callback token in the path.
 * Each string attribute is sanitised as Camel sanitises a URI it logs (sensitive query parameters), and every known
 * secret is replaced wherever it appears.
 */
final class MaskingSpanExporter implements SpanExporter {

    static final String MASK = "xxxxxx";

    private final SpanExporter exporter;
    private final Supplier<Set<String>> secrets;

    MaskingSpanExporter(SpanExporter exporter, Supplier<Set<String>> secrets) {
        this.exporter = exporter;
        this.secrets = secrets;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        Set<String> known = secrets.get();
        return exporter.export(spans.stream().<SpanData>map(span -> new Masked(span, known)).toList());
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }

    static String mask(String value, Set<String> secrets) {
        String masked = URISupport.sanitizeUri(value);
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    static Attributes mask(Attributes attributes, Set<String> secrets) {
        AttributesBuilder builder = Attributes.builder();
        attributes.forEach((key, value) -> {
            if (value instanceof String text) {
                builder.put(AttributeKey.stringKey(key.getKey()), mask(text, secrets));
            } else {
                @SuppressWarnings("unchecked")
                AttributeKey<Object> same = (AttributeKey<Object>) key;
                builder.put(same, value);
            }
        });
        return builder.build();
    }

    private static final class Masked extends DelegatingSpanData {

        private final Attributes attributes;
        private final String name;
        private final java.util.List<EventData> events;

        Masked(SpanData span, Set<String> secrets) {
            super(span);
            this.attributes = mask(span.getAttributes(), secrets);
            this.name = mask(span.getName(), secrets);
            this.events = span.getEvents().stream().map(event -> EventData.create(event.getEpochNanos(),
                    mask(event.getName(), secrets), mask(event.getAttributes(), secrets), event.getTotalAttributeCount())).toList();
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public java.util.List<EventData> getEvents() {
            return events;
        }
    }
}
