package vn.voiceroutes.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.ledger.CallLedger;
import vn.voiceroutes.ledger.CallLedger.DispatchOutcome;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/** The steps a file source route takes around its rows: open the batch, make call requests, count, summarise. */
public class FileBatches {

    public static final String BATCH = "voiceBatch";

    private static final Logger LOG = LoggerFactory.getLogger(FileBatches.class);

    private final WorkFolder workFolder;

    public FileBatches(WorkFolder workFolder) {
        this.workFolder = workFolder;
    }

    /** Opens the dropped file in the body as a batch of the given channel (exchange property voiceBatch). */
    public void open(Exchange exchange, String channel) {
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        FileBatch batch = new FileBatch(channel, file, workFolder.errors(channel));
        exchange.setProperty(BATCH, batch);
        LOG.info("{} file {} picked up", channel, batch.fileName());
    }

    /** The call request of one row: documented parameters by name, other columns as variables, its RequestId. */
    public CallRequest toCallRequest(Exchange exchange) throws InvalidPayloadException {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        CsvRow row = exchange.getMessage().getMandatoryBody(CsvRow.class);
        if (row.problem() != null) {
            throw new InvalidRecordException("record", row.problem());
        }
        CallRequest request = new CallRequest();
        request.setChannel(batch.channel());
        for (Map.Entry<String, String> column : row.values().entrySet()) {
            String param = Channels.parameter(batch.channel(), column.getKey());
            if (param != null) {
                if (!column.getValue().isEmpty()) {
                    request.getParams().put(param, column.getValue());
                }
            } else {
                request.getVariables().put(column.getKey(), column.getValue());
            }
        }
        String ownId = request.getParams().remove(EsmsVoice.REQUEST_ID);
        request.setRequestId(ownId != null ? checkedRequestId(ownId) : derivedRequestId(batch, row.line()));
        request.setSource(CallRequest.Source.fileLine(batch.fileName(), row.line(), batch.contentHash()));
        exchange.getMessage().setBody(request);
        return request;
    }

    /** Writes the row that failed validation to the batch's error file with the field and the reason. */
    public void rejectRow(Exchange exchange) {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        InvalidRecordException error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRecordException.class);
        CsvRow row = exchange.getProperty(ROW, CsvRow.class);
        LOG.warn("{} file {} line {}: {} {}", batch.channel(), batch.fileName(), row.line(), error.field(), error.reason());
        batch.rejectRow(row, error.field(), error.reason());
        exchange.setProperty(CallLedger.OUTCOME, DispatchOutcome.INVALID);
    }

    /** Remembers the row being worked on, for the error file. */
    public void keepRow(Exchange exchange) {
        exchange.setProperty(ROW, exchange.getMessage().getBody(CsvRow.class));
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

    private static final String ROW = "voiceRow";

    static String checkedRequestId(String requestId) {
        String id = requestId.strip();
        if (id.length() > EsmsVoice.REQUEST_ID_MAX) {
            throw new InvalidRecordException("requestId", "is longer than " + EsmsVoice.REQUEST_ID_MAX + " characters");
        }
        if (!id.matches("[\\x21-\\x7E]+")) {
            throw new InvalidRecordException("requestId", "may hold only printable ASCII characters without spaces");
        }
        return id;
    }

    /** 32 characters, a function of channel, file content and line only: a re-drop or a restart reuses it. */
    static String derivedRequestId(FileBatch batch, long line) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (batch.channel() + ':' + batch.contentHash() + ':' + line).getBytes(StandardCharsets.UTF_8));
            return "vr" + HexFormat.of().formatHex(hash).substring(0, 30);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
