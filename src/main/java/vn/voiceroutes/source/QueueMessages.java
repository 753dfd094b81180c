package vn.voiceroutes.source;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * Call requests arriving on the JMS queue voice.&lt;channel&gt;: one flat JSON object per message, the same shape
 * as an object of a JSON file (schemas/call-request.schema.json). Without its own requestId, a message's RequestId
 * derives from its JMS message id, which a redelivery keeps.
 */
public class QueueMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    public CallRequest toCallRequest(Exchange exchange, String channel) {
        String text = exchange.getMessage().getBody(String.class);
        String messageId = exchange.getMessage().getHeader("JMSMessageID", String.class);
        InputRow row;
        try {
            row = FileBatch.jsonRow(0, text == null ? null : JSON.readTree(text));
        } catch (IOException e) {
            throw new InvalidRecordException("message", "is not JSON");
        }
        CallRequest request = CallRequests.fromRow(channel, row, "queue:" + messageId);
        request.setSource(CallRequest.Source.queueMessage("voice." + channel, messageId));
        exchange.getMessage().setBody(request);
        return request;
    }
}
