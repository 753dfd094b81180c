package vn.voiceroutes.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * Call requests arriving on the JMS queue voice.&lt;channel&gt;: one flat JSON object per message, the same shape
 * as an object of a JSON file (schemas/call-request.schema.json), as a text message or as UTF-8 bytes (bytes in
 * another encoding are refused, never read as mojibake). Without its own requestId, a message's RequestId derives
 * from its JMS message id, which a redelivery keeps.
 */
public class QueueMessages {

    /** Deliveries of a message that fails for a reason that is neither the system's nor a known fault of the message. */
    static final int MAX_DELIVERIES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(QueueMessages.class);

    /** What a source route may name its queue's campaign (voiceCampaign): it is part of the campaign's id in the API. */
    static final java.util.regex.Pattern CAMPAIGN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,79}");

    private final IntakeFaults faults;
    private final java.time.ZoneId zone;
    private final java.time.Clock clock;

    public QueueMessages(IntakeFaults faults, java.time.ZoneId zone, java.time.Clock clock) {
        this.faults = faults;
        this.zone = zone;
        this.clock = clock;
    }

    public CallRequest toCallRequest(Exchange exchange, String channel) {
        String text = text(exchange.getMessage().getBody());
        String messageId = exchange.getMessage().getHeader("JMSMessageID", String.class);
        InputRow row;
        try {
            row = FlatJson.readText(text, 0, 0);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("message", "is not a JSON object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("message", "cannot be read: " + e.getMessage());
        }
        CallRequest request = CallRequests.fromRow(channel, row);
        if (request.getRequestId() == null) {
            request.setRequestId(CallRequests.messageRequestId(channel, messageId));
        }
        request.setSource(CallRequest.Source.queueMessage("voice." + channel, messageId));
        // the queue's calls of one day are one campaign, named by the route (voiceCampaign) or after the queue
        String campaign = exchange.getProperty(vn.voiceroutes.model.VoiceProperties.CAMPAIGN, "voice." + channel, String.class);
        if (!CAMPAIGN_NAME.matcher(campaign).matches()) {
            throw new IllegalStateException("The route's voiceCampaign '" + campaign + "' is not a campaign name (letters, "
                    + "digits, . _ - and spaces, at most 80)");
        }
        request.setCampaign(CallRequest.Campaign.queueDay(campaign, java.time.LocalDate.now(clock.withZone(zone))));
        exchange.getMessage().setBody(request);
        return request;
    }

    /** The message's text: a text message as it is, bytes only if they are UTF-8. */
    static String text(Object body) {
        if (body == null) {
            throw new InvalidRecordException("message", "is empty");
        }
        if (body instanceof byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new InvalidRecordException("message", "is not UTF-8 text (Windows-1258 or another encoding?): "
                        + "send it as a text message or as UTF-8 bytes");
            }
        }
        if (body instanceof String text) {
            return text;
        }
        throw new InvalidRecordException("message", "is a " + body.getClass().getSimpleName() + ", not a JSON text");
    }

    /**
     * The message failed for another reason than its content. It goes back to its queue (this rethrows) while the
     * system cannot work or for its first deliveries; after {@value #MAX_DELIVERIES} it is refused to voice.dlq with
     * the reason (exchange property voiceReason), so it is never redelivered forever.
     */
    public void failed(Exchange exchange, String channel) throws Exception {
        Exception fault = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int deliveries = exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class);
        if (faults.waitsForTheSystem(exchange, fault) || deliveries < MAX_DELIVERIES) {
            throw fault;
        }
        LOG.error("voice.{} message {} failed {} times: refused to voice.dlq", channel,
                exchange.getMessage().getHeader("JMSMessageID"), deliveries, fault);
        exchange.setProperty("voiceReason", "voice." + channel + " message " + exchange.getMessage().getHeader("JMSMessageID")
                + ": could not be processed after " + deliveries + " deliveries (" + fault + ")");
    }
}
