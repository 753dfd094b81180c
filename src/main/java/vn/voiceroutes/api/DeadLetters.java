package vn.voiceroutes.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.ledger.CallRetries;

/**
 * The dead-letter queue voice.dlq for operators: what is on it, with its reason, and a replay of the calls given up
 * on after their retries (tried again from now, the message taken off the queue). A message refused at intake (bad
 * input) is not replayed: it would be refused again; it is fixed and sent again by its sender.
 */
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "voice.dlq";
    private static final int MOST = 1_000;

    private final ConnectionFactory jms;
    private final CallRetries retries;

    public DeadLetters(ConnectionFactory jms, CallRetries retries) {
        this.jms = jms;
        this.retries = retries;
    }

    /**
     * The messages on voice.dlq (the first 1,000), oldest first: id, reason, the call's RequestId, channel, phone,
     * and the id a refused queue message came with.
     */
    public List<Map<String, Object>> list() throws JMSException {
        List<Map<String, Object>> letters = new ArrayList<>();
        for (Message message : browse()) {
            Map<String, Object> letter = new LinkedHashMap<>();
            letter.put("id", message.getJMSMessageID());
            letter.put("at", java.time.Instant.ofEpochMilli(message.getJMSTimestamp()).toString());
            letter.put("reason", message.getStringProperty("voiceReason"));
            JsonNode call = call(message);
            letter.put("requestId", call == null ? null : call.path("requestId").asText(null));
            // a call given up on names its channel; a message that never became a call, in voiceChannel
            letter.put("channel", call != null && call.hasNonNull("channel") ? call.path("channel").asText()
                    : message.getStringProperty("voiceChannel"));
            letter.put("originalId", message.getStringProperty("voiceOriginalMessageId"));
            letter.put("phone", call == null ? null : call.path("phone").asText(null));
            letters.add(letter);
        }
        return letters;
    }

    /**
     * Replays one message (its id) or, with "all", every call on the queue: a call the ledger holds as given up on is
     * tried again from now, and its message taken off the queue; any other message stays. Answers what was replayed.
     */
    public Map<String, Object> replay(String id, String who) throws JMSException {
        boolean all = "all".equals(id);
        if (!all && (id == null || !id.startsWith("ID:"))) {
            throw new BadRequestException("id: a message id from GET /api/dead-letters (ID:...), or all");
        }
        List<Message> chosen = browse().stream().filter(message -> all || id.equals(messageId(message))).toList();
        if (!all && chosen.isEmpty()) {
            throw new BadRequestException(404, "no message " + id + " on " + QUEUE);
        }
        List<String> replayed = new ArrayList<>();
        int kept = 0;
        try (Connection connection = jms.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue queue = session.createQueue(QUEUE);
            for (Message message : chosen) {
                JsonNode call = call(message);
                String requestId = call == null ? null : call.path("requestId").asText(null);
                if (requestId == null || !retries.revive(requestId)) {
                    kept++;
                    continue;
                }
                // back in the ledger's queue: its message comes off the dead-letter queue
                try (MessageConsumer consumer = session.createConsumer(queue, "JMSMessageID = '" + messageId(message).replace("'", "''") + "'")) {
                    Message taken = consumer.receive(2_000);
                    if (taken != null) {
                        taken.acknowledge();
                    }
                }
                replayed.add(requestId);
            }
        }
        LOG.info("Dead letters replayed by {}: {} call(s) tried again, {} message(s) left on {}", who, replayed.size(), kept, QUEUE);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("replayed", replayed);
        answer.put("kept", kept);
        return answer;
    }

    private List<Message> browse() throws JMSException {
        List<Message> messages = new ArrayList<>();
        try (Connection connection = jms.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE))) {
                java.util.Enumeration<?> enumeration = browser.getEnumeration();
                while (enumeration.hasMoreElements() && messages.size() < MOST) {
                    messages.add((Message) enumeration.nextElement());
                }
            }
        }
        return messages;
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return null;
        }
    }

    private static JsonNode call(Message message) {
        try {
            String text = message instanceof TextMessage textMessage ? textMessage.getText() : null;
            JsonNode node = text == null ? null : JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }
}
