package vn.voiceroutes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.ZoneId;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.AdminToken;
import vn.voiceroutes.config.CallbackTokens;
import vn.voiceroutes.config.EmbeddedStart;
import vn.voiceroutes.config.Infrastructure;
import vn.voiceroutes.config.LocalSecret;
import vn.voiceroutes.config.RouteFileReload;
import vn.voiceroutes.config.Settings;
import vn.voiceroutes.config.StartedResources;
import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.esms.CallbackUrls;
import vn.voiceroutes.esms.EsmsSettings;
import vn.voiceroutes.esms.EsmsVoiceCalls;
import vn.voiceroutes.health.ComponentHealthCheck;
import vn.voiceroutes.health.ProviderAccountHealthCheck;
import vn.voiceroutes.health.ReadinessOnly;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.sink.CallResults;
import vn.voiceroutes.source.Channels;
import vn.voiceroutes.source.FileBatches;

/**
 * Every bean of the application and where its settings come from, in one place. The embedded parts (broker,
 * database, provider simulator) start here unless configuration points at real ones; they stop with Camel.
 */
public class VoiceConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        StartedResources resources = new StartedResources();
        context.addService(resources, true, true);
        try {
            configure(context, new Settings(context), context.getRegistry(), resources);
        } catch (Exception | Error e) {
            // a start refused half-way (a setting found wrong after the broker and database started) stops them
            resources.closeAll();
            throw e;
        }
    }

    private void configure(CamelContext context, Settings settings, Registry registry, StartedResources resources) throws Exception {

        // Settings that have no default, and what production refuses, are checked before anything starts.
        vn.voiceroutes.config.ProductionRules.check(settings, vn.voiceroutes.webhook.WebhookSettings.urlKeys());
        EsmsSettings esms = EsmsSettings.from(settings);
        // where outcomes are pushed over HTTP (README "Webhooks"): a setting that is not clear refuses the start here
        vn.voiceroutes.webhook.WebhookSettings webhooks = vn.voiceroutes.webhook.WebhookSettings.from(settings::find);
        AdminToken adminToken = new AdminToken(settings.find("voice.admin-token").orElse(null));

        ZoneId zone = ZoneId.of(settings.require("voice.time-zone"));
        WorkFolder work = new WorkFolder(Path.of(settings.require("voice.work-dir")));
        registry.bind("workFolder", work);
        registry.bind("responseHeaders", new vn.voiceroutes.http.ResponseHeaders());
        // the HTTP server faces the internet: idle connections, and those slow to send a request head, are closed
        io.vertx.core.Vertx vertx = vn.voiceroutes.http.GuardedVertx.create(settings.millis("voice.http.idle-timeout-ms"),
                settings.millis("voice.http.request-head-timeout-ms"));
        registry.bind("vertx", vertx);
        // closed once the context has stopped: Camel's HTTP server stops on it before
        context.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            }
        });
        for (String inbox : Channels.inboxes()) {
            java.nio.file.Files.createDirectories(work.inbox(inbox));
        }
        LOG.info("Work folder {}", work.root());
        boolean simulatorEnabled = settings.flag("voice.simulator.enabled");

        // The broker and the database, embedded unless configured, start side by side while Camel reads the routes
        Infrastructure infrastructure = Infrastructure.start(context, settings, work, resources);
        EmbeddedStart embedded = infrastructure.embedded();
        DataSource dataSource = infrastructure.dataSource();

        // Stable across restarts (a restarted node takes its own claims back at once) and distinct between nodes
        // sharing a work folder on one host (they listen on different ports).
        String nodeId = settings.find("voice.node-id").orElseGet(() -> hostName() + ":" + settings.require("camel.server.port")
                + ":" + work.root());
        // the ledger, one bean per room: what each route step reads or moves forward
        vn.voiceroutes.ledger.LedgerDatabase ledger = new vn.voiceroutes.ledger.LedgerDatabase(dataSource, nodeId,
                settings.millis("voice.dispatch.claim-lease-ms"), settings.millis("voice.poll.after-ms"));
        registry.bind("ledger", ledger);
        vn.voiceroutes.ledger.SubjectKey subjectKey = vn.voiceroutes.api.SubjectData.key(settings.find("voice.subject-key"), work.data("subject-key"));
        vn.voiceroutes.ledger.CallingRules callingRules = new vn.voiceroutes.ledger.CallingRules(
                settings.integer("voice.compliance.max-advertising-calls-per-24h"), subjectKey);
        vn.voiceroutes.ledger.CallQueue callQueue = new vn.voiceroutes.ledger.CallQueue(ledger, callingRules);
        registry.bind("callQueue", callQueue);
        vn.voiceroutes.ledger.CallRetries callRetries = new vn.voiceroutes.ledger.CallRetries(ledger);
        registry.bind("callRetries", callRetries);
        vn.voiceroutes.api.DeadLetters deadLetters = new vn.voiceroutes.api.DeadLetters(infrastructure.jmsConnectionFactory(), callRetries);
        registry.bind("deadLetters", deadLetters);
        registry.bind("campaignLedger", new vn.voiceroutes.ledger.CampaignLedger(ledger,
                vn.voiceroutes.vbot.Vbot.PROVIDER, vn.voiceroutes.vbot.VbotCalls.CAMPAIGN_GROUPING, callingRules));
        vn.voiceroutes.ledger.CallPolls callPolls = new vn.voiceroutes.ledger.CallPolls(ledger);
        registry.bind("callPolls", callPolls);
        registry.bind("resultOutbox", new vn.voiceroutes.ledger.ResultOutbox(ledger));
        vn.voiceroutes.ledger.SuppressionList suppressions = new vn.voiceroutes.ledger.SuppressionList(ledger, subjectKey);
        registry.bind("suppressionList", suppressions);
        registry.bind("doNotCallFiles", new vn.voiceroutes.compliance.DoNotCallFiles(suppressions, work,
                settings.integer("voice.compliance.replace-max-removal-percent")));
        registry.bind("optOutRequests", new vn.voiceroutes.compliance.OptOutRequests(suppressions));
        vn.voiceroutes.ledger.BatchLedger batchLedger = new vn.voiceroutes.ledger.BatchLedger(ledger);
        vn.voiceroutes.ledger.Campaigns campaigns = new vn.voiceroutes.ledger.Campaigns(ledger);
        registry.bind("campaignGate", new vn.voiceroutes.dispatch.CampaignGate(campaigns::notRunning,
                settings.millis("voice.campaigns.gate-fresh-ms"), java.time.Clock.systemUTC()));
        registry.bind("batchLedger", batchLedger);
        registry.bind("fileProgress", new vn.voiceroutes.sink.FileProgress(batchLedger::inProgress, java.time.Clock.systemUTC()));
        vn.voiceroutes.ledger.ProviderReports providerReports = new vn.voiceroutes.ledger.ProviderReports(ledger,
                settings.find("voice.compliance.opt-out-ivr-key").orElse(null), Channels.byProvider());
        vn.voiceroutes.vbot.VbotReports vbotReports = new vn.voiceroutes.vbot.VbotReports(providerReports);

        // --- providers, callbacks, sources and sinks
        String publicUrl = settings.require("voice.public-url");
        CallbackUrls callbackUrls = new CallbackUrls(publicUrl,
                CallbackTokens.esms(settings, work), CallbackTokens.vbot(settings, work));
        registry.bind("callbackUrls", callbackUrls);
        registry.bind("esmsCallbackTokenCheck", new vn.voiceroutes.outcome.CallbackTokenCheck(callbackUrls.esmsToken()));
        registry.bind("vbotWebhookTokenCheck", new vn.voiceroutes.outcome.CallbackTokenCheck(callbackUrls.vbotToken()));
        // Camel's consoles the CLI connector reads (`camel get`): every secret masked, and whole without the MBeans
        vn.voiceroutes.config.KnownSecrets secrets = new vn.voiceroutes.config.KnownSecrets(context.getPropertiesComponent(),
                // and a webhook URL's query string and userinfo, which may carry the receiver's token
                () -> java.util.stream.Stream.concat(java.util.stream.Stream.of(callbackUrls.esmsToken().reveal(),
                        callbackUrls.vbotToken().reveal()), webhooks.secretParts().stream()).collect(java.util.stream.Collectors.toSet()));
        vn.voiceroutes.management.CamelConsoles.register(context, secrets);

        // --- provider simulator: part of the product, on its own loopback port
        if (simulatorEnabled) {
            ProviderSimulator simulator = resources.add(ProviderSimulator.configured(settings, callbackUrls.vbotWebhook()));
            embedded.start("the provider simulator", () -> {
                simulator.start();
                return simulator;
            });
            registry.bind("providerSimulator", simulator);
        }

        vn.voiceroutes.dispatch.ProviderGate gate = new vn.voiceroutes.dispatch.ProviderGate(Channels.keys(), dataSource, nodeId);
        registry.bind("providerGate", gate);
        vn.voiceroutes.api.ConsoleQueries consoleQueries = new vn.voiceroutes.api.ConsoleQueries(dataSource, campaigns, zone,
                work.outbox().resolve("reports").toAbsolutePath().normalize(), java.time.Clock.systemUTC());
        registry.bind("consoleQueries", consoleQueries);
        java.time.Duration heartbeat = settings.millis("voice.nodes.heartbeat-ms");
        vn.voiceroutes.ledger.WebhookOutbox webhookOutbox = vn.voiceroutes.webhook.WebhookConfiguration.outbox(webhooks, ledger, heartbeat);
        registry.bind("operatorActions", new vn.voiceroutes.api.OperatorActions(batchLedger, campaigns, deadLetters, gate,
                new vn.voiceroutes.ledger.OperatorLog(ledger), consoleQueries::batchesChanged, webhookOutbox::replay));
        registry.bind("liveNodes", new vn.voiceroutes.dispatch.LiveNodes(dataSource, nodeId, heartbeat));
        registry.bind("adminToken", adminToken);
        // operators: systems with a token (the admin's or a named one's), people signed in to the console with theirs
        vn.voiceroutes.ledger.Operators operators = new vn.voiceroutes.ledger.Operators(ledger);
        registry.bind("operatorTokens", new vn.voiceroutes.api.OperatorTokens(operators, new vn.voiceroutes.ledger.OperatorLog(ledger)));
        registry.bind("subjectData", vn.voiceroutes.api.SubjectData.of(dataSource, work.root(), ledger, subjectKey, zone));
        vn.voiceroutes.api.OperatorAccess operatorAccess = new vn.voiceroutes.api.OperatorAccess(adminToken,
                java.time.Duration.ofHours(settings.integer("voice.console.session-hours")), java.time.Clock.systemUTC(),
                new vn.voiceroutes.api.FailedSignIns(settings.integer("voice.console.wrong-tokens-per-10-minutes"),
                        java.time.Duration.ofMinutes(10), java.time.Clock.systemUTC()), publicUrl,
                new vn.voiceroutes.ledger.ConsoleSignOuts(ledger), operators);
        registry.bind("operatorAccess", operatorAccess);
        registry.bind("callQueries", new vn.voiceroutes.api.CallQueries(dataSource, zone));
        registry.bind("consolePages", new vn.voiceroutes.api.ConsolePages(adminToken, operatorAccess));
        registry.bind("noAutomaticRetries", new vn.voiceroutes.dispatch.NoAutomaticRetries());
        // when calls may ring: the calling window, each channel's own hours, the calling days and the holidays
        vn.voiceroutes.dispatch.CallingWindow window = vn.voiceroutes.dispatch.CallingWindow.parse(
                settings.find("voice.calling-window").orElse(null), zone, java.time.Clock.systemUTC());
        java.util.Map<String, String> channelWindows = new java.util.HashMap<>();
        for (String channel : Channels.ALL) {
            settings.find("voice.calling-window." + channel).ifPresent(spec -> channelWindows.put(channel, spec));
        }
        Path holidays = settings.find("voice.calendar.holidays-file").map(Path::of).orElseGet(() -> settings.find("voice.config-dir")
                .map(config -> Path.of(config, "calendar", "holidays.txt")).orElse(null));
        vn.voiceroutes.dispatch.CallingCalendar calendar = vn.voiceroutes.dispatch.CallingCalendar.configure(window, channelWindows,
                Channels.ALL.stream().filter(channel -> vn.voiceroutes.model.CallPurpose.ADVERTISING.equals(
                        Channels.of(channel).purpose())).collect(java.util.stream.Collectors.toSet()),
                settings.find("voice.calling-days").orElse(null), holidays);
        LOG.info("Calendar: {}", calendar);
        registry.bind("callingCalendar", calendar);
        // the templates engineers edit: voice.templates-dir, else config/templates on disk, else the packaged copies
        String templatesDir = settings.find("voice.templates-dir").orElseGet(() -> settings.find("voice.config-dir")
                .map(config -> Path.of(config, "templates").toString()).orElse(null));
        EsmsVoiceCalls esmsVoiceCalls = vn.voiceroutes.esms.EsmsConfiguration.bind(registry, esms, callbackUrls, calendar,
                new vn.voiceroutes.template.VoiceTemplates(templatesDir));
        vn.voiceroutes.vbot.VbotCalls vbotCalls = vn.voiceroutes.vbot.VbotConfiguration.bind(context, settings, gate,
                vbotReports, callPolls);
        registry.bind("callValidation", new vn.voiceroutes.source.CallValidation(java.util.Map.of(
                vn.voiceroutes.esms.EsmsVoice.PROVIDER, esmsVoiceCalls::prepare, vn.voiceroutes.vbot.Vbot.PROVIDER, vbotCalls::prepare),
                vn.voiceroutes.source.CallValidation.validity(settings::find), vn.voiceroutes.source.Redials.from(settings::find),
                java.time.Clock.systemUTC()));
        registry.bind("dueTimes", new vn.voiceroutes.ledger.DueTimes(ledger, zone));
        // a file dropped into preview/<channel>/: what would go out, nothing registered or sent
        vn.voiceroutes.esms.EsmsVoiceApi esmsApi = registry.lookupByNameAndType("esmsVoiceApi", vn.voiceroutes.esms.EsmsVoiceApi.class);
        registry.bind("filePreviews", new vn.voiceroutes.source.FilePreviews(work.outbox().resolve("previews"), java.util.Map.of(
                vn.voiceroutes.esms.EsmsVoice.PROVIDER, esmsApi::preview, vn.voiceroutes.vbot.Vbot.PROVIDER, vn.voiceroutes.vbot.VbotCalls::preview),
                new vn.voiceroutes.ledger.RulePreview(ledger, callingRules), zone, java.time.Clock.systemUTC()));
        // --- what the sources wait for rather than refuse: the parts without which nothing can work
        java.util.function.BooleanSupplier brokerUp = infrastructure::brokerUp;
        java.util.function.BooleanSupplier databaseUp = infrastructure::databaseUp;
        vn.voiceroutes.source.IntakeFaults intakeFaults = new vn.voiceroutes.source.IntakeFaults(
                () -> databaseUp.getAsBoolean() && brokerUp.getAsBoolean());
        registry.bind("queueMessages", new vn.voiceroutes.source.QueueMessages(intakeFaults, zone, java.time.Clock.systemUTC()));
        registry.bind("regularFilesOnly", new vn.voiceroutes.source.RegularFilesOnly(work, zone, java.time.Clock.systemUTC()));
        registry.bind("scheduledFolders", new vn.voiceroutes.source.ScheduledFolders(work));
        registry.bind("recurringCampaigns", new vn.voiceroutes.source.RecurringCampaigns(work, zone, java.time.Clock.systemUTC(),
                settings.find("voice.config-dir").map(Path::of).orElse(null)));
        vn.voiceroutes.source.CallRegistration registration = new vn.voiceroutes.source.CallRegistration(callQueue,
                settings.integer("voice.intake.chunk-rows"), java.util.Map.of(vn.voiceroutes.vbot.Vbot.PROVIDER, vbotCalls::callReference));
        registry.bind("callRegistration", registration);
        context.addLifecycleStrategy(new vn.voiceroutes.source.ChannelSettingsCheck(context));
        registry.bind("fileBatches", new FileBatches(work, batchLedger, registration, new vn.voiceroutes.ledger.FileIntakes(dataSource),
                intakeFaults, zone, java.time.Clock.systemUTC()));
        registry.bind("esmsCallbacks", new vn.voiceroutes.outcome.EsmsCallbacks(new vn.voiceroutes.esms.EsmsReports(providerReports), callPolls));
        registry.bind("callResults", new CallResults(zone, work.outbox()));
        registry.bind("resultsTopic", new vn.voiceroutes.sink.ResultsTopic(infrastructure.jmsConnectionFactory()));
        registry.bind("batchReports", new vn.voiceroutes.sink.BatchReports(batchLedger, work, zone));
        vn.voiceroutes.sink.RetentionFiles.bind(registry, ledger, work.root()); // retention and retentionFiles: the nightly purge
        // --- webhooks: results, attempts and finished campaigns kept in the webhook outbox, POSTed signed (README)
        vn.voiceroutes.webhook.WebhookConfiguration.bind(context, webhooks, ledger, webhookOutbox, zone);
        // --- a start whose business or management port is taken stops here, naming it (Camel's server goes on without)
        context.addStartupListener(new vn.voiceroutes.http.ServersListening());
        // --- the management port answers every scraper and probe (Camel's own 406 to most Accept headers)
        context.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                vn.voiceroutes.management.ScraperFormats.nameLabels(ctx);
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                vn.voiceroutes.management.ScraperFormats.install(ctx);
            }
        });
        // --- tracing (off by default): camel-opentelemetry2 on the SDK started here, spans named by their call
        if (settings.flag("voice.tracing.enabled")) {
            resources.add(vn.voiceroutes.tracing.Tracing.start(settings, context, secrets));
        }
        registry.bind("callSpans", new vn.voiceroutes.tracing.CallSpans());

        // --- Camel's CLI connector (camel get, camel top, camel trace): found on the classpath, on unless set off
        org.apache.camel.spi.CliConnectorFactory cliConnector = context.getCamelContextExtension()
                .getContextPlugin(org.apache.camel.spi.CliConnectorFactory.class);
        if (cliConnector != null) {
            cliConnector.setEnabled(settings.flag("voice.management.cli-connector"));
        }

        // --- route files edited while running: loaded again, or refused with the reason (not in prod)
        java.util.Optional<String> routesDir = settings.find("voice.routes-dir");
        if (settings.flag("voice.routes-reload") && routesDir.isPresent()) {
            context.addService(new RouteFileReload(Path.of(routesDir.get())));
        }

        // --- health on the management port: liveness is Camel's context (the process can do work); readiness adds
        // the broker, the database, the routes and their consumers, and each provider account's pause, reported
        // but never DOWN (ProviderAccountHealthCheck)
        ComponentHealthCheck brokerCheck = new ComponentHealthCheck("broker", brokerUp);
        ComponentHealthCheck databaseCheck = new ComponentHealthCheck("database", databaseUp);
        // one account check per provider the channel catalog declares, named by its key (esms-account, vbot-account)
        java.util.List<AbstractHealthCheck> readiness = new java.util.ArrayList<>(java.util.List.of(brokerCheck, databaseCheck));
        Channels.keys().forEach((provider, key) -> readiness.add(new ProviderAccountHealthCheck(key + "-account", gate, provider)));
        context.addStartupListener((ctx, alreadyStarted) -> {
            HealthCheckRegistry health = HealthCheckRegistry.get(ctx);
            if (health != null) {
                for (var check : readiness) {
                    check.setCamelContext(ctx);
                    health.register(check);
                }
                // Camel's own routes and consumers checks, on readiness only
                for (String repository : java.util.List.of("routes", "consumers")) {
                    health.getRepository(repository).ifPresent(checks -> {
                        health.unregister(checks);
                        health.register(new ReadinessOnly(checks));
                    });
                }
            }
        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
