package vn.voiceroutes.outcome;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import vn.voiceroutes.config.LocalSecret;
import vn.voiceroutes.http.BadRequestException;

/**
 * The first step of a provider's callback or webhook route: the path's {token} must be that provider's own (compared
 * in constant time), else 404 and nothing stored. A Processor, not a bean method or a predicate: it runs on every
 * callback, and Camel calls it with no reflection and no copy of the exchange.
 */
public class CallbackTokenCheck implements Processor {

    private final LocalSecret token;

    public CallbackTokenCheck(LocalSecret token) {
        this.token = token;
    }

    @Override
    public void process(Exchange exchange) {
        if (!token.matches(exchange.getMessage().getHeader("token", String.class))) {
            throw new BadRequestException(404, "Not Found");
        }
        exchange.getMessage().removeHeader("token");
    }
}
