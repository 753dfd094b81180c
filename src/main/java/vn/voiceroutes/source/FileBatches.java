package vn.voiceroutes.source;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.ledger.CallLedger;
import vn.voiceroutes.ledger.CallLedger.DispatchOutcome;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/** The steps a file source route takes around its rows: open the batch, make call requests, count, summarise. */
public class FileBatches {

    public static final String BATCH = "voiceBatch";

    private static final Logger LOG = LoggerFactory.getLogger(FileBatches.class);

    private final WorkFolder workFolder;
    private final CallLedger ledger;

    public FileBatches(WorkFolder workFolder, CallLedger ledger) {
        this.workFolder = workFolder;
        this.ledger = ledger;
    }

    /** Opens the dropped file in the body as a batch of the given channel (exchange property voiceBatch). */
    public void open(Exchange exchange, String channel) {
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        FileBatch batch = new FileBatch(channel, file, workFolder.errors(channel));
        exchange.setProperty(BATCH, batch);
        LOG.info("{} file {} picked up", channel, batch.fileName());
    }

    /** The call request of one row; its RequestId derives from the file's content and the row's position. */
    public CallRequest toCallRequest(Exchange exchange) throws InvalidPayloadException {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        InputRow row = exchange.getMessage().getMandatoryBody(InputRow.class);
        CallRequest request = CallRequests.fromRow(batch.channel(), row, batch.contentHash() + ':' + row.line());
        request.setSource(CallRequest.Source.fileLine(batch.fileName(), row.line(), batch.contentHash()));
        exchange.getMessage().setBody(request);
        return request;
    }

    /** Writes the row that failed validation to the batch's error file with the field and the reason. */
    public void rejectRow(Exchange exchange) {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        InvalidRecordException error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRecordException.class);
        InputRow row = exchange.getProperty(ROW, InputRow.class);
        LOG.warn("{} file {} line {}: {} {}", batch.channel(), batch.fileName(), row.line(), error.field(), error.reason());
        batch.rejectRow(row, error.field(), error.reason());
        exchange.setProperty(CallLedger.OUTCOME, DispatchOutcome.INVALID);
    }

    /** Remembers the row being worked on, for the error file. */
    public void keepRow(Exchange exchange) {
        exchange.setProperty(ROW, exchange.getMessage().getBody(InputRow.class));
        exchange.removeProperty(CallLedger.OUTCOME);
    }

    public void count(Exchange exchange) {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        DispatchOutcome outcome = exchange.getProperty(CallLedger.OUTCOME, DispatchOutcome.class);
        if (outcome != null && outcome != DispatchOutcome.INVALID) {
            batch.count(outcome);
        }
    }

    public void close(Exchange exchange) {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        if (batch != null) {
            batch.close();
            LOG.info("{}", batch.summary());
        }
    }

    /** The file was read to its end: its report is due once all its calls are final. */
    public void completed(Exchange exchange) {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        ledger.recordBatchRead(batch.contentHash(), batch.channel(), batch.fileName(), batch.rowsRead(), batch.count("INVALID"));
    }

    private static final String ROW = "voiceRow";
}
