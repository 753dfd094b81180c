package vn.voiceroutes.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.files.FileNames;
import vn.voiceroutes.ledger.BatchLedger;
import vn.voiceroutes.ledger.FileIntakes;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * The steps a file source route takes around its rows: open the batch, make call requests, name them, count,
 * summarise, and decide where the file goes (exchange property voiceMoveTo): .done once read to its end, .failed
 * with the reason when it cannot be read, or nowhere (it stays and is read again) while the system cannot work.
 */
public class FileBatches {

    public static final String BATCH = "voiceBatch";
    public static final String MOVE_TO = "voiceMoveTo";
    /** Tries of a file that fails for a reason that is neither the system's nor a known fault of the file. */
    static final int MAX_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(FileBatches.class);
    static final String ROW = "voiceRow";

    private final WorkFolder workFolder;
    private final BatchLedger ledger;
    private final CallRegistration registration;
    private final FileIntakes intakes;
    private final IntakeFaults faults;
    private final ZoneId zone;
    private final Clock clock;
    /** Failed tries per file version (path, size, time), kept for the files being tried. */
    private final Map<String, Integer> attempts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 1_000;
        }
    };

    public FileBatches(WorkFolder workFolder, BatchLedger ledger, CallRegistration registration, FileIntakes intakes,
            IntakeFaults faults, ZoneId zone, Clock clock) {
        this.workFolder = workFolder;
        this.ledger = ledger;
        this.registration = registration;
        this.intakes = intakes;
        this.faults = faults;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * Opens the dropped file in the body as a batch of the given channel (exchange property voiceBatch): checked
     * whole first (InvalidFileException when it cannot be read), then started in the ledger for its intake day.
     */
    public void open(Exchange exchange, String channel) {
        Path file = file(exchange);
        exchange.setProperty(MOVE_TO, target(".done", file));
        FileBatch batch = new FileBatch(channel, file, workFolder.errors(channel));
        exchange.setProperty(BATCH, batch);
        String day = intakes.start(batch.contentHash(), channel, batch.fileName(), LocalDate.now(clock.withZone(zone)));
        batch.startedOn(day, FileIntakes.batchId(batch.contentHash(), channel, day));
        LOG.info("{} file {} picked up", channel, batch.fileName());
    }

    /** The call request of one row, with its source; its RequestId is its own, or given after validation (identify). */
    public CallRequest toCallRequest(Exchange exchange) throws InvalidPayloadException {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        if (IntakeFaults.stopping(exchange)) {
            throw new InterruptedByShutdown();
        }
        InputRow row = exchange.getMessage().getMandatoryBody(InputRow.class);
        CallRequest request = CallRequests.fromRow(batch.channel(), row);
        request.setSource(CallRequest.Source.fileRecord(batch.fileName(), row.line(), row.number(), batch.batchId()));
        request.setCampaign(new CallRequest.Campaign(batch.batchId(), batch.fileName()));
        exchange.getMessage().setBody(request);
        return request;
    }

    /** A validated row without a RequestId of its own gets the one of its content on the batch's intake day. */
    public CallRequest identify(Exchange exchange) throws InvalidPayloadException {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        CallRequest request = exchange.getMessage().getMandatoryBody(CallRequest.class);
        if (request.getRequestId() == null) {
            request.setRequestId(CallRequests.fileRowRequestId(batch.intakeDay(), request.getContentKey()));
        }
        return request;
    }

    /** Writes the row that failed validation to the batch's error file with the field and the reason. */
    public void rejectRow(Exchange exchange) {
        reject(exchange, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRecordException.class));
    }

    /**
     * A row failed for another reason. If the system cannot work now (stopping, provider paused, database or broker
     * down) the file stops here and stays in its inbox; otherwise the fault is this row's: it goes to the error file
     * and the rest of the file goes on.
     */
    public void rowFailed(Exchange exchange) throws Exception {
        Exception fault = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (fault instanceof InterruptedByShutdown || faults.waitsForTheSystem(exchange, fault)) {
            throw fault;
        }
        LOG.error("Row failed unexpectedly", fault);
        reject(exchange, new InvalidRecordException("record", "could not be processed (" + fault.getClass().getSimpleName()
                + ": " + fault.getMessage() + ")"));
    }

    private void reject(Exchange exchange, InvalidRecordException refusal) {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        InputRow row = exchange.getProperty(ROW, InputRow.class);
        LOG.warn("{} file {} line {}: {} {}", batch.channel(), batch.fileName(), row.line(), refusal.field(), refusal.reason());
        batch.rejectRow(row, refusal);
    }

    /** Remembers the row being worked on, for the error file. */
    public void keepRow(Exchange exchange) {
        exchange.getProperty(BATCH, FileBatch.class).rowStarted();
        exchange.setProperty(ROW, exchange.getMessage().getBody(InputRow.class));
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
        registration.flush(batch);
        ledger.recordBatchRead(batch.batchId(), batch.channel(), batch.fileName(), batch.rowsRead(), batch.count("INVALID"));
        intakes.finish(batch.contentHash(), batch.channel(), batch.intakeDay());
        attempts.remove(version(exchange));
    }

    /**
     * The file could not be worked through. It stays in its inbox (this rethrows) while the system cannot work or
     * for the first tries of an unexpected fault; a file that cannot be read, or still fails after
     * {@value #MAX_ATTEMPTS} tries, moves to .failed with the reason in its error file.
     */
    public void failed(Exchange exchange) throws Exception {
        Exception fault = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Path file = file(exchange);
        String name = file.getFileName().toString();
        String channel = exchange.getProperty(CallValidation.CHANNEL, String.class);
        if (fault instanceof InterruptedByShutdown || IntakeFaults.stopping(exchange)) {
            LOG.info("{} file {}: stopped by the shutdown; it stays in the inbox and is read again at the next start", channel, name);
            throw fault;
        }
        if (!(fault instanceof InvalidFileException)) {
            if (faults.waitsForTheSystem(exchange, fault)) {
                LOG.warn("{} file {} stays in the inbox until the system can work again: {}", channel, name, fault.getMessage());
                throw fault;
            }
            int tries = attempts.merge(version(exchange), 1, Integer::sum);
            if (tries < MAX_ATTEMPTS) {
                LOG.warn("{} file {} failed (try {} of {}), read again: {}", channel, name, tries, MAX_ATTEMPTS, fault.toString());
                throw fault;
            }
            LOG.error("{} file {} failed {} times", channel, name, tries, fault);
            String reason = "could not be read after " + MAX_ATTEMPTS + " tries (" + fault + ")";
            FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
            if (batch != null) {
                batch.fileFailed(0, reason);
            } else {
                FileBatch.recordFailure(workFolder.errors(channel), name, reason);
            }
        }
        // an InvalidFileException's reason is in the error file already, written when the file was checked
        LOG.error("{} file {}; moved to .failed", channel, fault instanceof InvalidFileException ? fault.getMessage()
                : name + ": could not be read after " + MAX_ATTEMPTS + " tries");
        exchange.setProperty(MOVE_TO, target(".failed", file));
        attempts.remove(version(exchange));
    }

    /** Where a file goes, relative to its inbox: the folder, then the time and its name, within 255 bytes. */
    private String target(String folder, Path file) {
        return folder + "/" + FileNames.moved(ZonedDateTime.now(clock.withZone(zone)), file.getFileName().toString());
    }

    private static Path file(Exchange exchange) {
        return Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
    }

    private static String version(Exchange exchange) {
        Path file = file(exchange);
        try {
            return file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            return file.toString();
        }
    }

    /** The shutdown began while a file was being read: the file stops at the next row and stays in its inbox. */
    static final class InterruptedByShutdown extends RuntimeException {
        InterruptedByShutdown() {
            super("the application is stopping", null, false, false);
        }
    }
}
