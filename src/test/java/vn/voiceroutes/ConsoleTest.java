package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;
import static vn.voiceroutes.Fixtures.resultsForFile;
import static vn.voiceroutes.Fixtures.single;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import com.fasterxml.jackson.databind.JsonNode;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;

/**
 * The operator console in a real browser (Debian's chromium and chromium-driver, headless) against the running
 * application and its simulator: sign-in, a file's progress to done and its report, the outcome chart, cancelling a
 * file in progress, resuming a paused provider, replaying a dead letter, finding a call; no console error, no secret
 * in the page or its requests. A screenshot of each page goes to target/console/.
 */
class ConsoleTest {

    private static final String CHANNEL = "esms-record";
    private static final Path SCREENSHOTS = Path.of("target/console");

    @TempDir
    static Path workDir;

    static RunningApp app;
    static ProviderSimulator simulator;
    static ChromeDriver browser;
    static WebhookReceiver receiver;
    /** The console's operator here: "lan", made with the operator role through /api/operators. */
    static String lanToken;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("esms.max-in-flight", "3");
        // the progress of files in the log, every second here (10 s shipped)
        settings.put("voice.progress.log-ms", "1000");
        // a paused eSMS is resumed here by the operator, not by the balance probe (every 30 s shipped) in the middle of a test
        settings.put("voice.pause.probe-ms", "600000");
        // the customer's webhook receiver: the console lists what it refused and sends it again
        receiver = WebhookReceiver.start();
        settings.put("voice.webhook.url", receiver.url("/voice-events?key=console-receiver-key"));
        settings.put("voice.webhook.secret", WebhooksTest.SECRET);
        app = RunningApp.start(settings);
        simulator = app.simulator();
        HttpResponse<String> made = app.post("/api/operators?name=lan&role=operator");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        lanToken = Fixtures.JSON.readTree(made.body()).get("token").asText();
        browser = startBrowser();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /**
     * Each test begins signed out, on no page: whatever session an earlier one left (whichever ran before) is gone.
     * (WebDriver's deleteAllCookies clears only the current page's site; the DevTools command clears them all.)
     */
    @BeforeEach
    void signedOut() {
        browser.get("about:blank");
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.manage().logs().get(LogType.BROWSER);
    }

    /** Every page the browser showed raised no console error (a failed request, a script error). */
    @AfterEach
    void noConsoleError() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            // the sign-in form answered 401 to a wrong token on purpose: the browser reports that as a failed resource
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !entry.getMessage().contains("/console/sign-in")) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).as("browser console errors").isEmpty();
    }

    @Test
    void withoutTheTokenTheConsoleAndTheApiRefuse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/api/batches", "/api/outcomes", "/api/dead-letters")) {
            assertThat(app.get(path).statusCode()).as(path).isEqualTo(403);
            assertThat(send(http, HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer wrong").GET()).statusCode())
                    .as(path).isEqualTo(403);
            assertThat(app.getAsOperator(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(app.get("/api/calls?phone=0912000000").statusCode()).isEqualTo(401);
        // the console without a session is its sign-in form, and nothing else
        HttpResponse<String> page = app.get("/console");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form id=\"sign-in\"").doesNotContain("dead-letters");
        HttpResponse<String> wrong = send(http, form("token=wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        // a cookie not signed with this node's token, or one whose signature was edited, is no session
        HttpResponse<String> signedIn = send(http, form("token=" + lanToken));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(RunningApp.ADMIN_TOKEN);
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(send(http, HttpRequest.newBuilder(uri("/api/batches")).header("Cookie", session).GET()).statusCode()).isEqualTo(200);
        String forged = session.substring(0, session.length() - 4) + (session.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(send(http, HttpRequest.newBuilder(uri("/api/batches")).header("Cookie", forged).GET()).statusCode()).isEqualTo(403);
        // an action with the session but not from the console's script (a form on another site) is refused
        assertThat(send(http, HttpRequest.newBuilder(uri("/api/providers/esms/resume")).header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);

        browser.get(app.baseUrl() + "/console");
        browser.findElement(By.name("token")).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#sign-in button")).click();
        page(5).until(() -> browser.findElement(By.cssSelector("#sign-in .error")).getText()
                .contains("not an operator's token"));
        screenshot("sign-in");
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    @Test
    void anOperatorSignsInAndWatchesAFileToItsReport() throws Exception {
        signIn();
        // eSMS answering in 1.5 s: the page sees the file part done before it sees it done
        simulator.settings().set("answer-delay-ms", "1500");
        drop(workDir, CHANNEL, "console-watch.csv", "phone,requestId\n0912800001,watch-1\n0912800002,watch-2\n0912800003,watch-3\n"
                + "0912800004,watch-4\n0912800005,watch-5\n0912800006,watch-6\n");
        page(10).untilAsserted(() -> {
            WebElement row = rowOf("console-watch.csv");
            assertThat(row).isNotNull();
            assertThat(row.getAttribute("data-done")).isEqualTo("false");
            assertThat(row.findElement(By.cssSelector(".summary")).getText()).startsWith("6 registered").doesNotContain("6 final");
        });
        screenshot("console-in-progress");
        simulator.settings().set("answer-delay-ms", "0");
        page(30).untilAsserted(() -> {
            WebElement row = rowOf("console-watch.csv");
            assertThat(row).isNotNull();
            assertThat(row.getAttribute("data-done")).isEqualTo("true");
            assertThat(row.findElement(By.cssSelector(".summary")).getText()).contains("6 registered, 6 sent, 6 final");
            assertThat(row.findElements(By.cssSelector(".progress .segment"))).isNotEmpty();
        });
        // its report, once written, is a link in the row
        String report = page(20).until(() -> {
            WebElement current = rowOf("console-watch.csv");
            List<WebElement> links = current == null ? List.of() : current.findElements(By.cssSelector("a[download]"));
            return links.isEmpty() ? null : links.get(0).getAttribute("href");
        }, r -> r != null);
        HttpResponse<String> csv = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(report))
                .header("Cookie", sessionCookie()).GET());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("watch-1").contains("watch-6").contains("# summary: console-watch.csv");
        // the chart of outcomes has the channel's calls
        page(10).untilAsserted(() -> {
            WebElement chart = browser.findElement(By.cssSelector("figure.chart[data-channel='esms-record']"));
            assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThanOrEqualTo(6);
            assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
            assertThat(chart.getText()).contains("answered");
        });
        screenshot("console");
        assertNoSecretInPageOrRequests();
    }

    @Test
    void anOperatorCancelsAFileInProgressAndResumesThePausedProvider() throws Exception {
        signIn();
        // an account fault pauses eSMS: the file's calls wait, QUEUED
        simulator.settings().set("forced-code", "101");
        drop(workDir, CHANNEL, "mistake.csv", "phone,requestId\n0912700001,mistake-1\n0912700002,mistake-2\n0912700003,mistake-3\n");
        awaitDone(workDir, CHANNEL, "mistake.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.pausedOnReadiness("esms-account") && "3".equals(single(app.dataSource(),
                "select count(*) from call_request where request_id like 'mistake-%' "
                        + "and status = 'QUEUED' and (claimed_until is null or claimed_until < now())")));
        simulator.settings().set("forced-code", "");
        int before = simulator.received(EsmsVoice.MAKE_CALL_RECORD).size();
        // a file in progress is in the log with its counts (voice.progress.log-ms)
        await().atMost(Duration.ofSeconds(10)).until(() -> app.log()
                .contains("esms-record file mistake.csv: 3 calls registered, 0 sent, 0 final"));
        page(10).untilAsserted(() -> assertThat(browser.findElement(By.cssSelector(".card[data-provider='esms']")).getText())
                .contains("PAUSED").contains("101"));
        page(10).untilAsserted(() -> assertThat(rowOf("mistake.csv").findElement(By.cssSelector("button.cancel")).getText())
                .isEqualTo("Cancel 3 unsent"));
        screenshot("cancel");
        click(() -> rowOf("mistake.csv").findElement(By.cssSelector("button.cancel")));
        browser.switchTo().alert().accept();
        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(single(app.dataSource(),
                "select count(*) from call_request where request_id like 'mistake-%' and status = 'CANCELLED'")));
        assertThat(single(app.dataSource(), "select string_agg(distinct last_error, ',') from call_request where request_id like 'mistake-%'"))
                .isEqualTo("cancelled by console (lan)");
        assertThat(browser.findElement(By.id("notice")).getText()).contains("\"cancelled\":3");

        click(() -> browser.findElement(By.cssSelector(".card[data-provider='esms'] button.resume")));
        page(10).until(() -> browser.findElement(By.cssSelector(".card[data-provider='esms']")).getText()
                .contains("OPEN"));
        assertThat(app.pausedOnReadiness("esms-account")).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsForFile(workDir, "mistake.csv").size() == 3);
        assertThat(resultsForFile(workDir, "mistake.csv")).allSatisfy(result -> {
            assertThat(result.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(result.get("reason").asText()).isEqualTo("cancelled by operator");
        });
        // resumed, eSMS is called again, but never for a cancelled call
        drop(workDir, CHANNEL, "after-resume.csv", "phone,requestId\n0912700009,after-resume-1\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "after-resume-1").size() == 1);
        assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD).subList(before, simulator.received(EsmsVoice.MAKE_CALL_RECORD).size()))
                .extracting(r -> r.param(EsmsVoice.REQUEST_ID)).containsExactly("after-resume-1");
        // both actions kept with who did them, the resume above the cancel (newest first)
        page(10).untilAsserted(() -> {
            List<String> actions = browser.findElements(By.cssSelector("#actions tbody tr")).stream().map(WebElement::getText).toList();
            int resume = indexOf(actions, "resume", "eSMS resumed");
            int cancel = indexOf(actions, "cancel", "mistake.csv", "3 call(s)");
            assertThat(resume).isNotNegative().isLessThan(cancel);
            assertThat(actions.get(resume)).contains("console (lan)");
            assertThat(actions.get(cancel)).contains("console (lan)");
        });
    }

    /** The first action row holding every one of these words, or -1. */
    private static int indexOf(List<String> actions, String... words) {
        for (int i = 0; i < actions.size(); i++) {
            String row = actions.get(i);
            if (java.util.Arrays.stream(words).allMatch(row::contains)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void anOperatorReplaysADeadLetter() throws Exception {
        signIn();
        simulator.settings().set("codes-by-phone", "0912700101:160"); // eSMS busy for this phone, every time
        drop(workDir, CHANNEL, "given-up.csv", "phone,requestId\n0912700101,given-up-1\n");
        awaitDone(workDir, CHANNEL, "given-up.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> single(app.dataSource(),
                "select dead_lettered_at is not null from call_request where request_id = 'given-up-1'").equals("t"));
        simulator.settings().set("codes-by-phone", "");
        page(10).untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                .filter(r -> r.getText().contains("given-up-1")).findFirst().orElseThrow().findElement(By.cssSelector(".reason"))
                .getText()).contains("160"));
        screenshot("dead-letters");
        click(() -> browser.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                .filter(r -> r.getText().contains("given-up-1")).findFirst().orElseThrow().findElement(By.cssSelector("button.replay")));
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "given-up-1").size() == 1);
        assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "given-up-1".equals(r.param(EsmsVoice.REQUEST_ID))
                && "100".equals(r.code())).hasSize(1);
        page(10).until(() -> browser.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                .noneMatch(r -> r.getText().contains("given-up-1")));
        assertThat(app.getAsOperator("/api/dead-letters").body()).doesNotContain("given-up-1");
        // every action is kept with who and when, newest first: this one on top, the first of all (lan made an operator
        // when the test began) at the bottom, whatever the other tests did in between
        page(10).untilAsserted(() -> {
            List<String> actions = browser.findElements(By.cssSelector("#actions tbody tr")).stream().map(WebElement::getText).toList();
            assertThat(actions.get(0)).contains("console (lan)").contains("replay").contains("given-up-1");
            assertThat(actions.get(actions.size() - 1)).contains("API (admin)").contains("add-operator").contains("lan");
        });
    }

    @Test
    void anOperatorPausesAndResumesACampaign() throws Exception {
        signIn();
        // eSMS answering in 1 s, 3 at a time: the file is part way when the operator pauses it
        simulator.settings().set("answer-delay-ms", "1000");
        StringBuilder rows = new StringBuilder("phone,requestId\n");
        for (int i = 1; i <= 12; i++) {
            rows.append(String.format("09126000%02d,campaign-%d%n", i, i));
        }
        drop(workDir, CHANNEL, "console-campaign.csv", rows.toString());
        click(() -> page(10).until(() -> {
            WebElement row = rowOf("console-campaign.csv");
            return row == null || row.findElements(By.cssSelector("button.pause-campaign")).isEmpty() ? null
                    : row.findElement(By.cssSelector("button.pause-campaign"));
        }, button -> button != null));
        page(10).until(() -> "PAUSED".equals(rowOf("console-campaign.csv").getAttribute("data-state")));
        assertThat(rowOf("console-campaign.csv").findElement(By.cssSelector("td.state")).getText()).isEqualTo("PAUSED");
        screenshot("campaign-paused");
        // what was on the wire arrives; nothing more of it goes out while it is paused
        java.util.function.IntSupplier placed = () -> (int) simulator.received(EsmsVoice.MAKE_CALL_RECORD).stream()
                .filter(r -> String.valueOf(r.param(EsmsVoice.REQUEST_ID)).startsWith("campaign-")).count();
        int atPause = placed.getAsInt();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> placed.getAsInt() <= atPause + 3);
        int settled = placed.getAsInt();
        assertThat(settled).isLessThan(12);
        simulator.settings().set("answer-delay-ms", "0");
        click(() -> rowOf("console-campaign.csv").findElement(By.cssSelector("button.resume-campaign")));
        await().atMost(Duration.ofSeconds(30)).until(() -> resultsForFile(workDir, "console-campaign.csv").size() == 12);
        assertThat(placed.getAsInt()).isEqualTo(12);
        page(10).until(() -> "COMPLETED".equals(rowOf("console-campaign.csv").getAttribute("data-state")));
        assertThat(rowOf("console-campaign.csv").findElements(By.cssSelector("button.pause-campaign"))).isEmpty();
        assertNoSecretInPageOrRequests();
    }

    @Test
    void anOperatorSeesAWebhookDeliveryTheReceiverRefusedAndSendsItAgain() throws Exception {
        signIn();
        receiver.answerByBody(body -> body.contains("\"hook-refused-1\"") ? 410 : 200);
        drop(workDir, CHANNEL, "hook-refused.csv", "phone,requestId\n0912700201,hook-refused-1\n");
        page(30).untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("#webhooks tbody tr")).stream()
                .filter(r -> r.getText().contains("call.completed")).findFirst().orElseThrow().findElement(By.cssSelector(".reason"))
                .getText()).contains("HTTP 410"));
        assertThat(browser.findElement(By.id("webhook-summary")).getText()).contains("/voice-events?****").contains("1 given up on")
                .doesNotContain("console-receiver-key");
        screenshot("webhooks");
        receiver.answer(n -> 200);
        click(() -> browser.findElements(By.cssSelector("#webhooks tbody tr")).stream()
                .filter(r -> r.getText().contains("call.completed")).findFirst().orElseThrow().findElement(By.cssSelector("button.replay")));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().stream().anyMatch(r -> r.body().contains("\"hook-refused-1\"")));
        page(10).until(() -> browser.findElements(By.cssSelector("#webhooks tbody tr")).isEmpty());
        page(10).untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("#actions tbody tr")).get(0).getText())
                .contains("console (lan)").contains("replay-webhook"));
        assertNoSecretInPageOrRequests();
    }

    @Test
    void anOperatorFindsACallByPhoneAndSeesItsHistory() throws Exception {
        signIn();
        // a call of its own (no other test's), to its end: the simulator draws the outcome, the history ends with it
        drop(workDir, CHANNEL, "console-search.csv", "phone,requestId\n0912800013,search-1\n");
        String status = await().atMost(Duration.ofSeconds(20)).until(() -> single(app.dataSource(),
                "select status from call_request where request_id = 'search-1'"), s -> s != null && !"QUEUED".equals(s) && !"SUBMITTED".equals(s));
        browser.findElement(By.id("search-text")).sendKeys("+84 912 800 013");
        browser.findElement(By.cssSelector("#search-form button")).click();
        page(10).untilAsserted(() -> assertThat(browser.findElement(By.cssSelector("#history .history[data-request-id='search-1']"))
                .getText()).contains("registered").contains("console-search.csv").contains("request sent")
                .contains("final: " + status).containsIgnoringCase("callback"));
        screenshot("search");
        // by RequestId too: the history of that call alone
        browser.findElement(By.id("search-text")).clear();
        browser.findElement(By.id("search-text")).sendKeys("search-1");
        browser.findElement(By.cssSelector("#search-form button")).click();
        page(10).until(() -> browser.findElements(By.cssSelector("#history .history")).size() == 1
                && !browser.findElements(By.cssSelector("#history .history[data-request-id='search-1']")).isEmpty());
        assertNoSecretInPageOrRequests();
    }

    @Test
    void aViewerSeesButCannotActAndAnOperatorIsRecordedByItsTokenAndARevokedTokenIsRefusedAtOnce() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> made = app.post("/api/operators?name=ana&role=viewer");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String ana = Fixtures.JSON.readTree(made.body()).get("token").asText();
        assertThat(ana).hasSizeGreaterThanOrEqualTo(40); // 256 random bits
        assertThat(single(app.dataSource(), "select count(*) from operator_token where token_hash = '" + vn.voiceroutes.model.Sha256.hex(ana) + "'"))
                .isEqualTo("1");
        assertThat(app.getAsOperator("/api/operators").body()).contains("\"ana\"").contains("viewer").doesNotContain(ana);
        // bad input names its field; a name is never made twice
        assertThat(app.post("/api/operators?name=ana&role=viewer").statusCode()).isEqualTo(409);
        HttpResponse<String> badRole = app.post("/api/operators?name=bao&role=boss");
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(badRole.body()).contains("role 'boss' is not a role");
        assertThat(app.post("/api/operators?name=bad%20name&role=viewer").body()).contains("name 'bad name' is not a name");

        // the viewer reads everything, and every action is refused with the role it needs
        assertThat(send(http, bearer(ana, "/api/batches").GET()).statusCode()).isEqualTo(200);
        assertThat(send(http, bearer(ana, "/api/calls?phone=0912000000").GET()).statusCode()).isEqualTo(200);
        // a campaign of its own to be refused on (a file, in the list whichever test ran before)
        drop(workDir, CHANNEL, "viewer.csv", "phone,requestId\n0912700401,viewer-1\n");
        awaitDone(workDir, CHANNEL, "viewer.csv");
        String campaign = await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (com.fasterxml.jackson.databind.JsonNode listed : Fixtures.JSON.readTree(app.getAsOperator("/api/campaigns").body())) {
                if (listed.path("name").asText().contains("viewer.csv")) {
                    return listed.get("id").asText();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        HttpResponse<String> refused = send(http, bearer(ana, "/api/campaigns/" + campaign + "/pause").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs the operator role; ana is viewer");
        assertThat(send(http, bearer(ana, "/api/operators?name=eve&role=admin").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        // an operator's action is recorded under its token's name, whatever X-Operator says; taking a number off the
        // opt-outs needs an admin
        assertThat(send(http, bearer(lanToken, "/api/files/nothing-here.csv/cancel").header("X-Operator", "mallory")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        assertThat(single(app.dataSource(), "select operator from operator_action where target = 'nothing-here.csv'")).isEqualTo("API (lan)");
        assertThat(send(http, bearer(lanToken, "/api/opt-outs/0912700301").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        HttpResponse<String> notAdmin = send(http, bearer(lanToken, "/api/opt-outs/0912700301").DELETE());
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(notAdmin.body()).contains("needs the admin role; lan is operator");
        assertThat(send(http, bearer(lanToken, "/api/subjects/0912700301").GET()).body()).contains("needs the admin role; lan is operator");

        // in the console, the viewer sees no button that acts, and the console's own requests to act are refused
        browser.manage().deleteAllCookies();
        browser.get(app.baseUrl() + "/console");
        browser.findElement(By.name("token")).sendKeys(ana);
        browser.findElement(By.cssSelector("#sign-in button")).click();
        page(10).untilAsserted(() -> assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("ana (viewer)"));
        page(10).until(() -> !browser.findElements(By.cssSelector("#batches tbody tr")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".pause-campaign, .resume-campaign, .stop-campaign, .cancel, .replay, #replay-all, #replay-webhooks, .resume")))
                .isNotEmpty().noneMatch(WebElement::isDisplayed);
        screenshot("viewer");
        String session = "voice_console=" + browser.manage().getCookieNamed("voice_console").getValue();
        HttpResponse<String> consoleAct = send(http, HttpRequest.newBuilder(uri("/api/campaigns/" + campaign + "/pause")).header("Cookie", session)
                .header("X-Requested-With", "voice-console").header("Origin", app.baseUrl()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(consoleAct.statusCode()).isEqualTo(403);
        assertThat(consoleAct.body()).contains("ana is viewer");
        assertThat(send(http, HttpRequest.newBuilder(uri("/api/batches")).header("Cookie", session).GET()).statusCode()).isEqualTo(200);

        // bin/voice-routes operators: the same requests from the command line (the tool the script runs)
        assertThat(operatorsTool("add", "cli-op", "--role", "viewer")).contains("\"name\":\"cli-op\"").contains("\"token\":\"vr_");
        assertThat(operatorsTool("list")).contains("cli-op").contains("ana").doesNotContain("vr_");
        assertThat(operatorsTool("revoke", "cli-op")).contains("\"revoked\":true");

        // revoked: her token and her session are refused at once (the page left first: its refreshes would be refused)
        browser.get("about:blank");
        assertThat(app.delete("/api/operators/ana").statusCode()).isEqualTo(200);
        assertThat(send(http, bearer(ana, "/api/batches").GET()).statusCode()).isEqualTo(403);
        assertThat(send(http, HttpRequest.newBuilder(uri("/api/batches")).header("Cookie", session).GET()).statusCode()).isEqualTo(403);
        assertThat(send(http, form("token=" + ana)).statusCode()).isEqualTo(401);
        // and the console page with her session is the sign-in form, not a console whose every request is refused
        assertThat(send(http, HttpRequest.newBuilder(uri("/console")).header("Cookie", session).GET()).body())
                .contains("<form id=\"sign-in\"").doesNotContain("dead-letters");
        assertThat(app.getAsOperator("/api/operator-actions").body()).contains("add-operator").contains("revoke-operator");
    }

    @Test
    void anAddressSendingWrongTokensIsRefusedButTheRightTokenStillPasses() throws Exception {
        // from an address of its own on the loopback (127.0.0.2): the address it refuses (voice.console.wrong-tokens-
        // per-10-minutes, 10) is none the other tests use, whenever it runs
        int wrong = 0;
        while (fromOtherAddress("POST", "/console/sign-in", "token=guess-" + wrong).status() == 401) {
            wrong++;
            assertThat(wrong).as("wrong tokens taken before the address is refused").isLessThanOrEqualTo(10);
        }
        Answer refused = fromOtherAddress("POST", "/console/sign-in", "token=guess-again");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many wrong tokens");
        assertThat(refused.head()).doesNotContainIgnoringCase("Set-Cookie");
        assertThat(fromOtherAddress("GET", "/api/batches", null, "Authorization: Bearer guess-again").status()).isEqualTo(403);
        // an operator behind the same address (one NAT) is not locked out by the guesser
        assertThat(fromOtherAddress("POST", "/console/sign-in", "token=" + lanToken).status()).isEqualTo(303);
        assertThat(fromOtherAddress("GET", "/api/batches", null, "Authorization: Bearer " + RunningApp.ADMIN_TOKEN).status()).isEqualTo(200);
        // and this address, the other tests', was never refused
        assertThat(send(HttpClient.newHttpClient(), form("token=guess-from-here")).statusCode()).isEqualTo(401);
    }

    /** An HTTP answer read off the socket: its status, its head (status line and headers) and its body. */
    private record Answer(int status, String head, String body) {
    }

    /**
     * One HTTP/1.1 request from 127.0.0.2 (Java 17's HttpClient cannot choose the address it sends from): a form body
     * for a POST, extra header lines as given.
     */
    private static Answer fromOtherAddress(String method, String path, String form, String... headers) throws java.io.IOException {
        int port = URI.create(app.baseUrl()).getPort();
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
            if (form != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\n");
            }
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String head = end < 0 ? answer : answer.substring(0, end);
            return new Answer(Integer.parseInt(head.split(" ", 3)[1]), head, end < 0 ? "" : answer.substring(end + 4));
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static ChromeDriver startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Path.of("/usr/bin/chromium").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1800", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Signs in through the form unless the browser holds a session already. */
    private static void signIn() {
        browser.get(app.baseUrl() + "/console");
        if (browser.findElements(By.id("sign-in")).isEmpty()) {
            return;
        }
        browser.findElement(By.name("token")).sendKeys(lanToken);
        browser.findElement(By.cssSelector("#sign-in button")).click();
        page(10).until(() -> !browser.findElements(By.cssSelector("#providers .card")).isEmpty());
        assertThat(browser.getCurrentUrl()).doesNotContain(RunningApp.ADMIN_TOKEN);
    }

    /**
     * Awaits what the page shows: it redraws a part whenever its data changes, so an element found may be gone
     * (StaleElementReferenceException) or not there yet.
     */
    private static org.awaitility.core.ConditionFactory page(int seconds) {
        return await().atMost(Duration.ofSeconds(seconds)).ignoreExceptions();
    }

    /** Clicks what {@code find} finds, finding it again if the page redrew it meanwhile. */
    private static void click(java.util.function.Supplier<WebElement> find) {
        page(10).until(() -> {
            find.get().click();
            return true;
        });
    }

    private static WebElement rowOf(String source) {
        return browser.findElements(By.cssSelector("#batches tbody tr")).stream()
                .filter(r -> source.equals(r.getAttribute("data-source"))).findFirst().orElse(null);
    }

    private static String sessionCookie() {
        Cookie cookie = browser.manage().getCookieNamed("voice_console");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        return cookie.getName() + "=" + cookie.getValue();
    }

    /**
     * The page and every request the browser sent since the last look (URLs, headers, bodies) hold no secret; only the
     * sign-in form's post carries the token, as it must.
     */
    private static void assertNoSecretInPageOrRequests() throws Exception {
        List<String> secrets = List.of(RunningApp.ADMIN_TOKEN, lanToken, RunningApp.API_KEY, RunningApp.SECRET_KEY,
                Files.readString(workDir.resolve("data/esms-callback-token")).trim(),
                Files.readString(workDir.resolve("data/vbot-webhook-token")).trim(), WebhooksTest.SECRET, "console-receiver-key");
        String page = browser.getPageSource();
        Object scriptCookies = browser.executeScript("return document.cookie");
        int requests = 0;
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = Fixtures.JSON.readTree(entry.getMessage()).path("message");
            if (!"Network.requestWillBeSent".equals(message.path("method").asText())) {
                continue;
            }
            JsonNode request = message.path("params").path("request");
            if (request.path("url").asText().endsWith("/console/sign-in")) {
                continue;
            }
            requests++;
            for (String secret : secrets) {
                assertThat(request.toString()).as(request.path("url").asText()).doesNotContain(secret);
            }
        }
        assertThat(requests).as("requests seen").isPositive();
        assertThat(String.valueOf(scriptCookies)).as("HttpOnly: the script sees no session").doesNotContain("voice_console");
        for (String secret : secrets) {
            assertThat(page).doesNotContain(secret);
        }
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static URI uri(String path) {
        return URI.create(app.baseUrl() + path);
    }

    private static HttpRequest.Builder form(String body) {
        return HttpRequest.newBuilder(uri("/console/sign-in")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** vn.voiceroutes.tools.OperatorsTool in its own JVM, as bin/voice-routes operators runs it: its output. */
    private static String operatorsTool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "vn.voiceroutes.tools.OperatorsTool"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("VOICE_URL", app.baseUrl());
        builder.environment().put("VOICE_ADMIN_TOKEN", RunningApp.ADMIN_TOKEN);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static HttpRequest.Builder bearer(String token, String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
