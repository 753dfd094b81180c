package vn.voiceroutes.source;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.ledger.CallQueue;
import vn.voiceroutes.ledger.CallQueue.Registered;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.VoiceProperties;

/**
 * Registers the call in the body in the ledger, QUEUED, where its provider's dispatcher finds it (every channel's, one
 * route: call-register). A queue message's call is
 * registered at once (the message is acknowledged after). A file's rows are registered a chunk of
 * {@code chunkRows} at a time, in one transaction each: the chunk is kept in the file's batch and registered when
 * full and when the file is read to its end. A file stopped part way registered whole chunks only; it is read again,
 * and the rows registered already are skipped, so nothing is lost or repeated.
 */
public class CallRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(CallRegistration.class);

    private final CallQueue ledger;
    private final int chunkRows;
    private final Map<String, Function<CallRequest, String>> referencesBeforeSending;

    /**
     * @param referencesBeforeSending by provider (as Channels names it): the reference it will report a call by, where
     *        it is known before the call goes out (VBot's auto-call external_call_id); kept with the call
     */
    public CallRegistration(CallQueue ledger, int chunkRows, Map<String, Function<CallRequest, String>> referencesBeforeSending) {
        this.ledger = ledger;
        this.chunkRows = Math.max(1, chunkRows);
        this.referencesBeforeSending = Map.copyOf(referencesBeforeSending);
    }

    public void register(Exchange exchange) throws InvalidPayloadException {
        FileBatch batch = exchange.getProperty(FileBatches.BATCH, FileBatch.class);
        CallRequest request = exchange.getMessage().getMandatoryBody(CallRequest.class);
        Function<CallRequest, String> reference = referencesBeforeSending.get(Channels.of(request.getChannel()).provider());
        String providerRef = reference == null ? null : reference.apply(request);
        if (batch == null) {
            exchange.setProperty(VoiceProperties.REQUEST, request);
            ledger.register(request, providerRef);
            return;
        }
        batch.stage(new CallQueue.Registration(request, providerRef),
                exchange.getProperty(FileBatches.ROW, InputRow.class));
        if (batch.staged() >= chunkRows) {
            flush(batch);
        }
    }

    /** Registers the rows the batch holds: counted, or written to its error file with the reason they were refused. */
    public void flush(FileBatch batch) {
        List<FileBatch.Staged> staged = batch.takeStaged();
        if (staged.isEmpty()) {
            return;
        }
        List<Registered> results = ledger.registerAll(staged.stream().map(FileBatch.Staged::registration).toList());
        for (int i = 0; i < staged.size(); i++) {
            Registered result = results.get(i);
            InputRow row = staged.get(i).row();
            if (result.refusal() != null) {
                LOG.warn("{} file {} line {}: {} {}", batch.channel(), batch.fileName(), row.line(), result.refusal().field(),
                        result.refusal().reason());
                batch.rejectRow(row, result.refusal());
            } else {
                batch.count(result.outcome());
            }
        }
    }
}
