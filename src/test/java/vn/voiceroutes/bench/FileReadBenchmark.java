package vn.voiceroutes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Iterator;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.esms.EsmsVoiceCalls;
import vn.voiceroutes.source.InputRow;
import vn.voiceroutes.source.FileBatch;
import vn.voiceroutes.source.FileBatches;

/**
 * Streams a dropped file through what the file route does per row before dispatch (read, map to a call request,
 * derive the RequestId, validate), to show the per-row work and that memory does not grow with the file.
 * Usage: java -Xmx32m ... FileReadBenchmark file.csv workDir
 */
public final class FileReadBenchmark {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        WorkFolder work = new WorkFolder(Path.of(args[1]));
        FileBatches batches = new FileBatches(work, null); // reads only: the ledger is not asked
        vn.voiceroutes.source.CallValidation calls = new vn.voiceroutes.source.CallValidation(new EsmsVoiceCalls(new vn.voiceroutes.template.VoiceTemplates(null), vn.voiceroutes.dispatch.CallingWindow.parse("", java.time.ZoneId.of("Asia/Ho_Chi_Minh"), java.time.Clock.systemUTC())), new vn.voiceroutes.vbot.VbotCalls("campaign"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            long start = System.nanoTime();
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setHeader(Exchange.FILE_PATH, file.toString());
            batches.open(exchange, "esms-record");
            FileBatch batch = exchange.getProperty(FileBatches.BATCH, FileBatch.class);
            exchange.setProperty(vn.voiceroutes.source.CallRequests.DEFAULT_PREFIX + "templateId", "bench-recording");
            long rows = 0;
            for (Iterator<InputRow> it = batch.rows(); it.hasNext(); rows++) {
                Exchange row = new DefaultExchange(context);
                row.getProperties().putAll(exchange.getProperties());
                row.getMessage().setBody(it.next());
                calls.prepare(batches.toCallRequest(row), row);
            }
            batch.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("read+map+validate: %d rows in %.1f s = %.0f rows/s; max heap %d MB, peak heap used %d MB%n",
                    rows, seconds, rows / seconds, Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
        }
    }
}
