package vn.voiceroutes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Iterator;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import vn.voiceroutes.config.LocalSecret;
import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.dispatch.CallingWindow;
import vn.voiceroutes.esms.CallbackUrls;
import vn.voiceroutes.esms.EsmsAccount;
import vn.voiceroutes.esms.EsmsVoiceApi;
import vn.voiceroutes.esms.EsmsVoiceCalls;
import vn.voiceroutes.ledger.FileIntakes;
import vn.voiceroutes.source.CallRequests;
import vn.voiceroutes.source.CallValidation;
import vn.voiceroutes.source.FileBatch;
import vn.voiceroutes.source.FileBatches;
import vn.voiceroutes.source.InputRow;
import vn.voiceroutes.template.VoiceTemplates;
import vn.voiceroutes.vbot.VbotCalls;

/**
 * Streams a dropped file through what the file route does per row before dispatch (check the whole file, read,
 * map to a call request, validate, name it), to show the per-row work and that memory does not grow with the file.
 * The ledger is not asked: the batch is started for today by hand.
 * Usage: java -Xmx32m ... FileReadBenchmark file.csv workDir
 */
public final class FileReadBenchmark {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        WorkFolder work = new WorkFolder(Path.of(args[1]));
        ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
        FileBatches batches = new FileBatches(work, null, null, null, null, zone, Clock.systemUTC());
        EsmsVoiceApi api = new EsmsVoiceApi(new EsmsAccount("bench-api-key", "bench-secret-key"),
                new CallbackUrls("https://voice.example.vn", LocalSecret.of("bench-token"), LocalSecret.of("bench-vbot-token")).esmsBase(),
                EsmsVoiceApi.IIS_MAX_QUERY_BYTES, "post");
        EsmsVoiceCalls esms = new EsmsVoiceCalls(new VoiceTemplates(null), CallingWindow.parse("", zone, Clock.systemUTC()), api);
        VbotCalls vbot = new VbotCalls("campaign");
        CallValidation calls = new CallValidation(java.util.Map.of(vn.voiceroutes.esms.EsmsVoice.PROVIDER, esms::prepare,
                vn.voiceroutes.vbot.Vbot.PROVIDER, vbot::prepare));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // started, as the application's is: a row read while the context is not running is a shutdown (IntakeFaults)
            context.start();
            long start = System.nanoTime();
            FileBatch batch = new FileBatch("esms-record", file, work.errors("esms-record"));
            String today = LocalDate.now(zone).toString();
            batch.startedOn(today, FileIntakes.batchId(batch.contentHash(), "esms-record", today));
            Exchange exchange = new DefaultExchange(context);
            exchange.setProperty(FileBatches.BATCH, batch);
            exchange.setProperty(CallRequests.DEFAULT_PREFIX + "templateId", "bench-recording");
            long rows = 0;
            for (Iterator<InputRow> it = batch.rows(); it.hasNext(); rows++) {
                Exchange row = new DefaultExchange(context);
                row.getProperties().putAll(exchange.getProperties());
                row.getMessage().setBody(it.next());
                calls.prepare(batches.toCallRequest(row), row);
                batches.identify(row);
            }
            batch.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("check+read+map+validate: %d rows in %.1f s = %.0f rows/s; max heap %d MB, peak heap used %d MB%n",
                    rows, seconds, rows / seconds, Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
        }
    }
}
