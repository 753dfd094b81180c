package vn.voiceroutes.webhook;

import java.time.Duration;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client webhook deliveries go out with (camel-http's httpClientConfigurer): voice.webhook.timeout-ms to
 * connect, to wait for a connection and between bytes of the answer, instead of the provider calls' timeouts;
 * connections per URL as many as deliveries may be in flight; no redirect followed (a receiver that moved answers
 * 3xx, which is its answer) and no request repeated by the client (the outbox decides what is sent again).
 */
public class WebhookHttpClient implements HttpClientConfigurer {

    private final Duration timeout;
    private final int connections;

    public WebhookHttpClient(Duration timeout, int connections) {
        this.timeout = timeout;
        this.connections = connections;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        Timeout limit = Timeout.ofMilliseconds(timeout.toMillis());
        clientBuilder.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
                        .setMaxConnPerRoute(connections).setMaxConnTotal(connections).build())
                .setConnectionManagerShared(false)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(limit).setResponseTimeout(limit)
                        .setRedirectsEnabled(false).build())
                .disableAutomaticRetries()
                .disableRedirectHandling();
    }
}
