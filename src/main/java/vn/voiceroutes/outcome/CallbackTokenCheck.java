package vn.voiceroutes.outcome;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import vn.voiceroutes.esms.CallbackUrls;
import vn.voiceroutes.http.BadRequestException;

/**
 * The first step of the providers' callback and webhook routes: the path's {token} must be ours (compared in
 * constant time), else 404 and nothing stored. A Processor, not a bean method or a predicate: it runs on every
 * callback, and Camel calls it with no reflection and no copy of the exchange.
 */
public class CallbackTokenCheck implements Processor {

    private final CallbackUrls urls;

    public CallbackTokenCheck(CallbackUrls urls) {
        this.urls = urls;
    }

    @Override
    public void process(Exchange exchange) {
        if (!urls.tokenMatches(exchange.getMessage().getHeader("token", String.class))) {
            throw new BadRequestException(404, "Not Found");
        }
        exchange.getMessage().removeHeader("token");
    }
}
