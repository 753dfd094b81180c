package vn.voiceroutes.tools;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * bin/voice-routes operators add NAME --role viewer|operator|admin, list, revoke NAME: the same requests as
 * /api/operators, sent to a running node (VOICE_URL, default http://127.0.0.1:8080) with an admin's token
 * (VOICE_ADMIN_TOKEN). A new operator's token is printed this once; the ledger keeps only its hash.
 */
public final class OperatorsTool {

    private OperatorsTool() {
    }

    public static void main(String[] args) throws Exception {
        String base = System.getenv().getOrDefault("VOICE_URL", "http://127.0.0.1:8080").replaceAll("/+$", "");
        String token = System.getenv("VOICE_ADMIN_TOKEN");
        if (token == null || token.isBlank() || args.length == 0) {
            usage();
        }
        HttpRequest.Builder request;
        switch (args[0]) {
            case "add" -> {
                if (args.length != 4 || !args[2].equals("--role")) {
                    usage();
                }
                request = HttpRequest.newBuilder(URI.create(base + "/api/operators?name=" + encode(args[1]) + "&role=" + encode(args[3])))
                        .POST(HttpRequest.BodyPublishers.noBody());
            }
            case "list" -> request = HttpRequest.newBuilder(URI.create(base + "/api/operators")).GET();
            case "revoke" -> {
                if (args.length != 2) {
                    usage();
                }
                request = HttpRequest.newBuilder(URI.create(base + "/api/operators/" + encode(args[1]).replace("+", "%20"))).DELETE();
            }
            default -> {
                usage();
                return;
            }
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + token.strip())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(answer.body());
        if (answer.statusCode() / 100 != 2) {
            System.err.println("HTTP " + answer.statusCode());
            System.exit(1);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void usage() {
        System.err.println("usage: VOICE_ADMIN_TOKEN=... [VOICE_URL=http://127.0.0.1:8080] bin/voice-routes operators "
                + "add NAME --role viewer|operator|admin | list | revoke NAME");
        System.exit(2);
    }
}
