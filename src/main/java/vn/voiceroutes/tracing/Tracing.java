package vn.voiceroutes.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;

import vn.voiceroutes.config.Settings;

/**
 * The OpenTelemetry SDK camel-opentelemetry2 traces with, when voice.tracing.enabled: spans exported over OTLP
 * (http/protobuf) to voice.tracing.endpoint. The SDK's own settings (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_HEADERS for a backend's key, ...) override these defaults from the environment or -D. The SDK
 * is given to Camel through the registry, not made JVM-global: two nodes in one JVM (the tests) each have their own.
 */
public final class Tracing {

    private Tracing() {
    }

    /**
     * Starts camel-opentelemetry2's tracer on an SDK of the context's own (its tracer and propagators in the registry,
     * where the tracer looks first); returns the SDK, to be closed at stop (its last spans sent).
     */
    public static OpenTelemetrySdk start(Settings settings, CamelContext context, Supplier<Set<String>> secrets) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("otel.service.name", "voice-routes");
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        defaults.put("otel.exporter.otlp.endpoint", settings.require("voice.tracing.endpoint"));
        defaults.put("otel.bsp.schedule.delay", settings.require("voice.tracing.export-delay-ms"));
        defaults.put("otel.traces.exporter", "otlp");
        // traces only: metrics are Micrometer's on /observe/metrics, logs are log4j's
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> defaults)
                // no span leaves with a secret in it (the URLs of provider calls and callbacks)
                .addSpanExporterCustomizer((exporter, config) -> new MaskingSpanExporter(exporter, secrets))
                .disableShutdownHook().build().getOpenTelemetrySdk();
        context.getRegistry().bind("openTelemetryTracer", Tracer.class, sdk.getTracer("camel"));
        context.getRegistry().bind("openTelemetryPropagators", ContextPropagators.class, sdk.getPropagators());
        new OpenTelemetryTracer().init(context);
        return sdk;
    }
}
