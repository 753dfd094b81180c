package vn.voiceroutes.sink;

import java.util.List;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.springframework.jms.core.JmsTemplate;

import vn.voiceroutes.sink.CallResults.PublishedResult;

/**
 * Publishes a batch of results to the JMS topic voice.results in one JMS transaction: one commit, one journal write
 * on the broker, instead of one per result. Each message carries Artemis's duplicate-detection id (_AMQ_DUPL_ID), so
 * a result published again after its publisher died before marking it emitted reaches subscribers once, and the
 * properties voiceRequestId, voiceResultChannel and voiceResultStatus for subscribers' selectors.
 */
public class ResultsTopic {

    static final String TOPIC = "voice.results";

    private final JmsTemplate transacted;
    private final JmsTemplate oneByOne;

    public ResultsTopic(ConnectionFactory connectionFactory) {
        this.transacted = new JmsTemplate(connectionFactory);
        this.transacted.setSessionTransacted(true);
        this.oneByOne = new JmsTemplate(connectionFactory);
        this.oneByOne.setPubSubDomain(true);
    }

    /**
     * Results claimed for the first time go in one transaction: none of them can have been published before. Artemis
     * rolls back a whole transaction holding one duplicate, so a result claimed again (its publisher may have
     * published it and died) goes alone, outside it: the broker drops it if it has it.
     */
    public void publish(List<PublishedResult> batch) {
        List<PublishedResult> fresh = batch.stream().filter(result -> !result.claimedBefore()).toList();
        if (!fresh.isEmpty()) {
            transacted.execute(session -> {
                try (MessageProducer producer = session.createProducer(session.createTopic(TOPIC))) {
                    for (PublishedResult result : fresh) {
                        producer.send(message(session, result));
                    }
                    session.commit();
                }
                return null;
            }, true);
        }
        for (PublishedResult result : batch) {
            if (result.claimedBefore()) {
                oneByOne.send(TOPIC, session -> message(session, result));
            }
        }
    }

    private static TextMessage message(Session session, PublishedResult result) throws JMSException {
        TextMessage message = session.createTextMessage(result.json());
        message.setStringProperty("_AMQ_DUPL_ID", "voice-result-" + result.requestId());
        message.setStringProperty("voiceRequestId", result.requestId());
        message.setStringProperty("voiceResultChannel", result.channel());
        message.setStringProperty("voiceResultStatus", result.status());
        return message;
    }
}
