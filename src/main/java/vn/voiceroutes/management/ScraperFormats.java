package vn.voiceroutes.management;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.support.CamelContextHelper;

/**
 * The management port answers every standard scraper and probe, whatever it asks for. Camel's own metrics and health
 * routes are bound to exact media types and answer 406 to `Accept: text/plain` in its other spellings
 * (`text/plain;version=0.0.4`, `text/*`), to OpenMetrics and to prom2json. Installed in front of them: metrics in the
 * format the Accept header asks for, by Prometheus's own negotiation (OpenMetrics when asked for it, the Prometheus
 * text format otherwise); health as JSON whatever the Accept header says.
 */
public final class ScraperFormats {

    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private ScraperFormats() {
    }

    /**
     * The application's own meters (voice.*) are named as Prometheus's promtool wants them: Camel tags every meter
     * of its micrometer component with camelContext, which promtool refuses (label names in snake_case): it is
     * camel_context on them. Before the first of them is made.
     */
    public static void nameLabels(CamelContext context) {
        PrometheusMeterRegistry metrics = CamelContextHelper.findSingleByType(context, PrometheusMeterRegistry.class);
        if (metrics != null) {
            metrics.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.renameTag("voice", "camelContext", "camel_context"));
        }
    }

    /** On the running management server, if there is one. */
    public static void install(CamelContext context) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return;
        }
        Router router = server.getRouter();
        PrometheusMeterRegistry metrics = CamelContextHelper.findSingleByType(context, PrometheusMeterRegistry.class);
        // Camel's paths under camel.management.path (/observe by default)
        String base = context.resolvePropertyPlaceholders("{{camel.management.path:/observe}}").replaceAll("/+$", "");
        if (metrics != null) {
            router.route(HttpMethod.GET, base + "/metrics").order(-100).blockingHandler(request -> metrics(request, metrics));
        }
        router.route(base + "/health*").order(-100).handler(request -> {
            request.request().headers().set("Accept", "application/json");
            request.next();
        });
    }

    private static void metrics(RoutingContext request, PrometheusMeterRegistry metrics) {
        ExpositionFormatWriter writer = FORMATS.findWriter(request.request().getHeader("Accept"));
        if (!writer.isAvailable()) {
            // the protobuf format needs a library not shipped: the text format instead
            writer = FORMATS.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16384);
        try {
            writer.write(body, metrics.getPrometheusRegistry().scrape());
        } catch (IOException e) {
            request.fail(e);
            return;
        }
        request.response().putHeader("Content-Type", writer.getContentType()).end(io.vertx.core.buffer.Buffer.buffer(body.toByteArray()));
    }
}
