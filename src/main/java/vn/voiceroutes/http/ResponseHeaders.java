package vn.voiceroutes.http;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Camel's HTTP header filter, but for Cache-Control on the way out: Camel drops it from every answer (it counts it
 * among the hop-by-hop headers), so the console's pages and the operator API's answers, which name people and phones,
 * reached the browser without "no-store" and were kept in its cache. The platform-http component's strategy
 * (camel.component.platform-http.header-filter-strategy).
 */
public class ResponseHeaders extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
