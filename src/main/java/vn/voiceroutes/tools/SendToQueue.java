package vn.voiceroutes.tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import vn.voiceroutes.config.EmbeddedBroker;
import vn.voiceroutes.config.Infrastructure;

/**
 * Puts call requests on a channel's queue, as the systems around voice-routes do, for engineers without a JMS tool
 * at hand: bin/send-to-queue voice.esms-otp samples/esms-otp-messages.jsonl (one JSON object per line, or one
 * JSON object given inline). The broker is VOICE_BROKER_URL (default the embedded broker's tcp://127.0.0.1:61616),
 * with VOICE_BROKER_USERNAME and VOICE_BROKER_PASSWORD. The embedded broker's own user (voice-routes) and the password
 * it generated into {@code <work>/data/broker-password} are used when neither is given (work: VOICE_WORK_DIR, else
 * ./work), so a developer on the embedded defaults types nothing.
 */
public final class SendToQueue {

    private SendToQueue() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].startsWith("voice.")) {
            System.err.println("usage: send-to-queue voice.<channel> <file of JSON lines | one JSON object>");
            System.exit(2);
        }
        String url = envOr("VOICE_BROKER_URL", null);
        String username = envOr("VOICE_BROKER_USERNAME", url == null ? EmbeddedBroker.DEFAULT_USER : null);
        String password = envOr("VOICE_BROKER_PASSWORD", null);
        if (url == null && password == null) {
            password = embeddedPassword(Path.of(envOr("VOICE_WORK_DIR", "work")));
        }
        for (String sent : send(url == null ? embeddedUrl() : url, username, password, args[0], args[1])) {
            System.out.println(sent);
        }
    }

    /** Sends each JSON object of the source (a file of JSON lines, or one object) as a text message; returns what was sent. */
    public static List<String> send(String url, String username, String password, String queue, String source) throws Exception {
        List<String> messages = new ArrayList<>();
        if (source.strip().startsWith("{")) {
            messages.add(source.strip());
        } else {
            for (String line : Files.readAllLines(Path.of(source), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    messages.add(line.strip());
                }
            }
        }
        List<String> sent = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
                Connection connection = factory.createConnection(username, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (String json : messages) {
                TextMessage message = session.createTextMessage(json);
                producer.send(message);
                sent.add(queue + " " + message.getJMSMessageID() + " " + json);
            }
        }
        return sent;
    }

    /** The password the embedded broker of this work folder generated, or null before it first started. */
    public static String embeddedPassword(Path workDir) throws java.io.IOException {
        Path file = workDir.resolve("data").resolve(Infrastructure.BROKER_PASSWORD_FILE);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    }

    /**
     * The embedded broker's TCP address as the application's settings name it: VOICE_BROKER_HOST and VOICE_BROKER_PORT,
     * else voice.broker.host and voice.broker.port in config/application.properties, else 127.0.0.1:61616.
     */
    static String embeddedUrl() throws java.io.IOException {
        java.util.Properties config = new java.util.Properties();
        Path file = Path.of("config/application.properties");
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                config.load(in);
            }
        }
        String host = envOr("VOICE_BROKER_HOST", config.getProperty("voice.broker.host", "127.0.0.1").strip());
        String port = envOr("VOICE_BROKER_PORT", config.getProperty("voice.broker.port", "61616").strip());
        return "tcp://" + host + ":" + port;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
