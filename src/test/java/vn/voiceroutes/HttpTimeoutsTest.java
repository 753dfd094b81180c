package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The business port faces the internet: a connection that trickles its request head a byte at a time, or opens and
 * says nothing, is closed after voice.http.request-head-timeout-ms (450 such connections were held 75 s and more, and
 * about 20,000 would exhaust the descriptors); a client that sends its requests as clients do is served.
 */
class HttpTimeoutsTest {

    @TempDir
    Path workDir;

    @Test
    void slowAndSilentConnectionsAreClosedWhileRealRequestsAreServed() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.http.request-head-timeout-ms", "1000");
        settings.put("voice.http.idle-timeout-ms", "3000");
        try (RunningApp app = RunningApp.start(settings)) {
            int port = Integer.parseInt(app.setting("camel.server.port"));
            // silent: closed about a second after it opened
            try (Socket silent = connect(port)) {
                silent.setSoTimeout(500);
                long start = System.nanoTime();
                assertThat(readUntilClosed(silent.getInputStream(), Duration.ofSeconds(8))).as("closed by the server").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            }
            // slowloris: a byte every 200 ms keeps the idle timer from running out, not the request-head one
            try (Socket slow = connect(port)) {
                OutputStream out = slow.getOutputStream();
                byte[] head = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
                boolean closed = false;
                long start = System.nanoTime();
                for (byte b : head) {
                    try {
                        out.write(b);
                        out.flush();
                    } catch (java.io.IOException e) {
                        closed = true;
                        break;
                    }
                    slow.setSoTimeout(200);
                    try {
                        if (slow.getInputStream().read() < 0) {
                            closed = true;
                            break;
                        }
                    } catch (SocketTimeoutException stillOpen) {
                        // nothing yet
                    }
                }
                assertThat(closed).as("the trickling connection was closed").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            }
            // a client as clients are: two requests on one connection, both answered
            try (Socket client = connect(port)) {
                OutputStream out = client.getOutputStream();
                for (int i = 0; i < 2; i++) {
                    out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(readHead(client.getInputStream())).startsWith("HTTP/1.1 ");
                }
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return socket;
    }

    /** Reads until the server closes the connection (true) or the time is up (false). */
    private static boolean readUntilClosed(InputStream in, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        byte[] buffer = new byte[1024];
        while (System.nanoTime() < end) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // not yet: read again
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
        return false;
    }

    /** The status line and headers of one answer, and its body by Content-Length. */
    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return head.toString();
    }
}
