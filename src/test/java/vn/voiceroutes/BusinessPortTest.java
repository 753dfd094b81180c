package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.jms.Session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.dispatch.ProviderGate;

/**
 * What the business port, which faces the internet, takes. Credentials, sessions and the console's CSRF header count
 * only as real request headers (the sign-in token only in its form's body): Camel's platform-http also lists query
 * parameters and form fields among the message's headers, and each of these was once taken from the URL. A session
 * signed out is refused everywhere; the API's state and the providers' are operators' only; answers are kept in no
 * cache. A provider's report is bound to what was sent: with eSMS's callback token an attacker finished a call never
 * sent, finished a VBot call through the eSMS endpoint and opted a number out with the opt-out key; with VBot's, a
 * report naming no known call paused VBot on every node. Each is now kept as an orphan event and changes nothing.
 */
class BusinessPortTest {

    private static final String WEBHOOK_AUTH = "Basic dm90ZTpzZWNyZXQtd2ViaG9vaw==";

    @TempDir
    static Path workDir;
    static RunningApp app;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("vbot.webhook.auth-header-value", WEBHOOK_AUTH);
        settings.put("voice.simulator.vbot-webhook-auth", WEBHOOK_AUTH);
        settings.put("voice.compliance.opt-out-ivr-key", "9");
        settings.put("vbot.campaign.window-ms", "300");
        app = RunningApp.start(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    /**
     * Every endpoint of the operator API (routes/api/) is behind the one gate: asked without a token, with each method
     * it takes, it answers 403 (the query API 401) before it reads anything of the request.
     */
    @Test
    void everyOperatorApiEndpointRefusesWhoHasNoToken() throws Exception {
        java.util.regex.Pattern endpoint = java.util.regex.Pattern.compile(
                "uri: \"?platform-http:(/[^\"\\s]+)\"?\\s+parameters:\\s+httpMethodRestrict: ([A-Z,]+)");
        List<String> asked = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("routes/api"))) {
            for (Path file : files.sorted().toList()) {
                // the query API answers 401, as it always has (operator-gate.camel.yaml: query-api)
                int refused = file.getFileName().toString().equals("calls-api.camel.yaml") ? 401 : 403;
                java.util.regex.Matcher found = endpoint.matcher(Files.readString(file));
                while (found.find()) {
                    String path = found.group(1).replaceAll("\\{[^}]+}", "x");
                    for (String method : found.group(2).split(",")) {
                        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(answer.statusCode()).as(method + " " + path + " of " + file.getFileName() + ": " + answer.body()).isEqualTo(refused);
                        assertThat(answer.body()).startsWith(refused == 401 ? "Unauthorized: " : "Forbidden: ");
                        asked.add(method + " " + path);
                    }
                }
            }
        }
        assertThat(asked).hasSizeGreaterThan(15).contains("POST /api/opt-outs/x", "GET /api/providers", "DELETE /api/subjects/x", "GET /api/calls/x", "GET /api/calls");
    }

    @Test
    void theAdminTokenAndTheSessionCookieCountOnlyAsHeaders() throws Exception {
        String bearer = URLEncoder.encode("Bearer " + RunningApp.ADMIN_TOKEN, StandardCharsets.UTF_8);
        assertThat(send(get("/api/batches?Authorization=" + bearer)).statusCode()).isEqualTo(403);
        assertThat(send(get("/api/calls?phone=0912000000&Authorization=" + bearer)).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/batches").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)).statusCode()).isEqualTo(200);
        String session = signIn("lan");
        assertThat(send(get("/api/batches?Cookie=" + URLEncoder.encode(session, StandardCharsets.UTF_8))).statusCode()).isEqualTo(403);
        assertThat(send(get("/api/batches").header("Cookie", session)).statusCode()).isEqualTo(200);
        // two Authorization headers: which is meant cannot be told, neither counts
        assertThat(send(get("/api/batches").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                .header("Authorization", "Bearer other")).statusCode()).isEqualTo(403);
    }

    @Test
    void aConsoleActionNeedsTheCsrfHeaderItselfAndTheConsolesOwnOrigin() throws Exception {
        String session = signIn("lan");
        String optOut = "/api/opt-outs/0912345670?reason=asked";
        // the CSRF mark in the query, as a same-site form can send it: refused, and nothing opted out
        assertThat(send(post(optOut + "&X-Requested-With=voice-console").header("Cookie", session)).statusCode()).isEqualTo(403);
        // the header, but the request comes from another site
        assertThat(send(post(optOut).header("Cookie", session).header("X-Requested-With", "voice-console")
                .header("Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
        assertThat(send(post(optOut).header("Cookie", session).header("X-Requested-With", "voice-console")
                .header("Origin", "https://evil.example")).statusCode()).isEqualTo(403);
        assertThat(Fixtures.single(app.dataSource(), "select count(*) from suppressed_phone where phone = '0912345670'")).isEqualTo("0");
        // as the console's script sends it
        HttpResponse<String> fromConsole = send(post(optOut).header("Cookie", session).header("X-Requested-With", "voice-console")
                .header("Sec-Fetch-Site", "same-origin").header("Origin", app.baseUrl()));
        assertThat(fromConsole.statusCode()).isEqualTo(200);
        assertThat(fromConsole.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(Fixtures.single(app.dataSource(), "select count(*) from suppressed_phone where phone = '0912345670'")).isEqualTo("1");
    }

    @Test
    void theSignInTokenCountsOnlyInTheFormsBodyAndABrokenBodyIsA400() throws Exception {
        String token = URLEncoder.encode(RunningApp.ADMIN_TOKEN, StandardCharsets.UTF_8);
        HttpResponse<String> inUrl = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/console/sign-in?token=" + token))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("name=lan")));
        assertThat(inUrl.statusCode()).isEqualTo(401);
        assertThat(inUrl.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> broken = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/console/sign-in"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("name=lan&token=%zz")));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).doesNotContain("Exception");
    }

    @Test
    void aSessionSignedOutIsRefusedFromThenOn() throws Exception {
        String session = signIn("lan");
        assertThat(send(get("/api/batches").header("Cookie", session)).statusCode()).isEqualTo(200);
        HttpResponse<String> out = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/console/sign-out")).header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        // the same cookie kept by someone else: no longer a session, on this node or any other (it is in the ledger)
        assertThat(send(get("/api/batches").header("Cookie", session)).statusCode()).isEqualTo(403);
        assertThat(send(get("/console").header("Cookie", session)).body()).contains("<form id=\"sign-in\"");
    }

    @Test
    void theProvidersStateIsForOperatorsAndPagesAreKeptInNoCache() throws Exception {
        assertThat(send(get("/api/providers/esms")).statusCode()).isEqualTo(403);
        assertThat(send(get("/api/providers/esms").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)).statusCode()).isEqualTo(200);
        // every provider of the declaration, by key and name: the console's cards
        assertThat(send(get("/api/providers")).statusCode()).isEqualTo(403);
        HttpResponse<String> providers = send(get("/api/providers").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN));
        assertThat(Fixtures.JSON.readTree(providers.body()).findValuesAsText("key")).containsExactly("esms", "vbot");
        assertThat(Fixtures.JSON.readTree(providers.body()).findValuesAsText("provider")).containsExactly("eSMS", "VBot");
        HttpResponse<String> page = send(get("/console"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> api = send(get("/api/batches").header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN));
        assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void vbotsWebhookAuthCountsOnlyAsAHeader() throws Exception {
        String token = Files.readString(workDir.resolve("data/vbot-webhook-token")).strip();
        String body = "{\"campaign_id\":1,\"phone\":\"0912345671\",\"status\":200}";
        HttpResponse<String> inQuery = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/callbacks/vbot/" + token + "?Authorization="
                + URLEncoder.encode(WEBHOOK_AUTH, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(inQuery.statusCode()).isEqualTo(401);
        assertThat(app.postVbotWebhook(body, WEBHOOK_AUTH).statusCode()).isEqualTo(200);
    }

    /** The session cookie is Secure where the console is served over https (in prod it must be). */
    @Test
    void theSessionCookieIsSecureBehindAnHttpsPublicUrl() {
        vn.voiceroutes.config.AdminToken token = new vn.voiceroutes.config.AdminToken(RunningApp.ADMIN_TOKEN);
        vn.voiceroutes.api.FailedSignIns failures = new vn.voiceroutes.api.FailedSignIns(10, Duration.ofMinutes(10), java.time.Clock.systemUTC());
        assertThat(new vn.voiceroutes.api.OperatorAccess(token, Duration.ofHours(8), java.time.Clock.systemUTC(), failures,
                "https://voice.example.vn", null).signInCookie("lan")).contains("; Secure");
        assertThat(new vn.voiceroutes.api.OperatorAccess(token, Duration.ofHours(8), java.time.Clock.systemUTC(), failures,
                "http://localhost:8080", null).signInCookie("lan")).doesNotContain("Secure");
    }

    @Test
    void forgedReportsLeaveCallsOptOutsAndPausesAsTheyWere() throws Exception {
        String esmsToken = Files.readString(workDir.resolve("data/esms-callback-token")).strip();
        String vbotToken = Files.readString(workDir.resolve("data/vbot-webhook-token")).strip();
        assertThat(esmsToken).isNotEqualTo(vbotToken);

        // a call that is never sent: eSMS is paused, so it waits QUEUED
        ProviderGate gate = app.bean("providerGate", ProviderGate.class);
        gate.pause("eSMS", "test", "held for the test");
        Fixtures.drop(workDir, "esms-record", "waiting.csv", "phone,requestId\n0912345601,forged-queued\n");
        Fixtures.awaitDone(workDir, "esms-record", "waiting.csv");
        assertThat(status(app, "forged-queued")).isEqualTo("QUEUED");
        HttpResponse<String> forged = app.get("/callbacks/esms/" + esmsToken
                + "?rid=forged-queued&ReferenceId=forged-1&CallStatus=ANSWERED&SentResult=1&Ivr=9&CallDuration=30");
        assertThat(forged.statusCode()).isEqualTo(200); // eSMS would send it again otherwise: kept, not applied
        assertThat(status(app, "forged-queued")).isEqualTo("QUEUED");
        assertThat(Fixtures.single(app.dataSource(), "select count(*) from suppressed_phone where phone = '0912345601'")).isEqualTo("0");
        assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_event where request_id is null and provider_ref = 'forged-1'"))
                .isEqualTo("1");
        assertThat(Fixtures.single(app.dataSource(), "select count(*) from result_outbox where request_id = 'forged-queued'")).isEqualTo("0");

        // a VBot call, sent and waiting for its outcome
        app.simulator().settings().set("callbacks", "false");
        Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createProducer(session.createQueue("voice.vbot-campaign"))
                .send(session.createTextMessage("{\"phone\":\"0912345602\",\"requestId\":\"forged-vbot\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUBMITTED".equals(status(app, "forged-vbot")));
        // through the eSMS endpoint with eSMS's token: not eSMS's call
        assertThat(app.get("/callbacks/esms/" + esmsToken + "?rid=forged-vbot&CallStatus=ANSWERED&SentResult=1&Ivr=9")
                .statusCode()).isEqualTo(200);
        assertThat(status(app, "forged-vbot")).isEqualTo("SUBMITTED");
        // VBot's endpoint with eSMS's token: the wrong provider's token
        String campaign = Fixtures.single(app.dataSource(), "select provider_ref from call_request where request_id = 'forged-vbot'");
        HttpResponse<String> wrongToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(app.baseUrl() + "/callbacks/vbot/" + esmsToken)).POST(HttpRequest.BodyPublishers.ofString(
                "{\"campaign_id\":" + campaign + ",\"phone\":\"0912345602\",\"status\":200}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).isEqualTo(404);
        assertThat(status(app, "forged-vbot")).isEqualTo("SUBMITTED");

        // a VBot report of the account's fault naming no known call: kept, VBot not paused
        assertThat(app.postVbotWebhook("{\"campaign_id\":999999,\"phone\":\"0912345699\",\"status\":103}", WEBHOOK_AUTH).statusCode())
                .isEqualTo(200);
        assertThat(gate.isOpen("VBot")).isTrue();
        // the same report for the call VBot has: it is VBot's account speaking, and VBot is paused
        assertThat(app.postVbotWebhook("{\"campaign_id\":" + campaign + ",\"phone\":\"0912345602\",\"status\":103}", WEBHOOK_AUTH)
                .statusCode()).isEqualTo(200);
        assertThat(gate.isOpen("VBot")).isFalse();
        assertThat(status(app, "forged-vbot")).isNotEqualTo("SUBMITTED");
        session.close();
    }

    private static String status(RunningApp app, String requestId) throws Exception {
        return Fixtures.single(app.dataSource(), "select status from call_request where request_id = ?", requestId);
    }

    private static String signIn(String name) throws Exception {
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name + "&token=" + URLEncoder.encode(RunningApp.ADMIN_TOKEN, StandardCharsets.UTF_8))));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET();
    }

    private static HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
