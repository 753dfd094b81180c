package vn.voiceroutes.dispatch;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Apache HttpClient 5 quietly repeats a request answered 503 or 429. Provider calls are retried in one place only,
 * the provider's dispatcher, which counts attempts in the ledger, backs off and dead-letters.
 */
public class NoAutomaticRetries implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}
