package vn.voiceroutes.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.files.FileNames;
import vn.voiceroutes.files.SpreadsheetCsv;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * A file dropped into &lt;work&gt;/preview/&lt;channel&gt;/ is read, validated and rendered exactly as its inbox would
 * (the channel's route, its defaults and templates), checked against the do-not-call lists, the 24-hour cap and the
 * calendars as the ledger holds them now, and nothing is registered or sent. &lt;work&gt;/outbox/previews/ gets one
 * line per record: the provider request as it would go out (credentials and callback token masked), when it would be
 * placed, or why it would be refused. So an engineer editing a template or a route sees what customers would hear.
 */
public class FilePreviews {

    private static final Logger LOG = LoggerFactory.getLogger(FilePreviews.class);

    /** The exchange property holding the preview being written. */
    public static final String PREVIEW = "voicePreview";

    static final String[] COLUMNS = {"line", "requestId", "phone", "verdict", "placedAt", "request", "reason"};

    /** A preview being written: the records of the file, and the lines written for them. */
    public static final class Preview implements AutoCloseable {
        private final String channel;
        private final Path file;
        private final InboxFormat format;
        private final FileCheck.Checked checked;
        private final SpreadsheetCsv out;
        private final Path target;
        private FileRows rows;
        private long lines;

        Preview(String channel, Path file, InboxFormat format, FileCheck.Checked checked, Path target) throws IOException {
            this.channel = channel;
            this.file = file;
            this.format = format;
            this.checked = checked;
            this.target = target;
            this.out = new SpreadsheetCsv(Files.newBufferedWriter(target, StandardCharsets.UTF_8), COLUMNS);
        }

        public Iterator<InputRow> rows() {
            rows = new FileRows(file, format, checked.header());
            return rows.iterator();
        }

        void line(Object... cells) {
            try {
                out.printRecord(cells);
                lines++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            if (rows != null) {
                rows.close();
            }
            out.close();
        }
    }

    private final Path previews;
    private final Map<String, Function<CallRequest, String>> requests;
    private final Function<CallRequest, String> rules;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * previews: where the previews go (outbox/previews); requests: per provider, the request a call would go out as,
     * secrets masked; rules: why the calling rules would refuse a call now (null: they would not).
     */
    public FilePreviews(Path previews, Map<String, Function<CallRequest, String>> requests, Function<CallRequest, String> rules,
            ZoneId zone, Clock clock) {
        this.previews = previews;
        this.requests = Map.copyOf(requests);
        this.rules = rules;
        this.zone = zone;
        this.clock = clock;
    }

    /** Opens the dropped file for a preview; a file that cannot be read as call requests gets one line saying why. */
    public Preview open(Exchange exchange, String channel) throws IOException {
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        String name = file.getFileName().toString();
        exchange.setProperty(FileBatches.MOVE_TO, ".done/" + FileNames.moved(ZonedDateTime.now(clock.withZone(zone)), name));
        Files.createDirectories(previews);
        Path target = previews.resolve(FileNames.moved(ZonedDateTime.now(clock.withZone(zone)), FileNames.fit("", name, ".preview.csv")));
        InboxFormat format = InboxFormat.of(name).orElse(null);
        FileCheck.Checked checked = null;
        String refusal = format == null ? "is not a kind of file this inbox reads: drop " + InboxFormat.ACCEPTED : null;
        if (format != null) {
            try {
                checked = FileCheck.check(file, format, channel);
            } catch (InvalidFileException e) {
                refusal = e.reason() + (e.line() > 0 ? " (line " + e.line() + ")" : "");
            }
        }
        Preview preview = new Preview(channel, file, format, checked, target);
        exchange.setProperty(PREVIEW, preview);
        if (refusal != null) {
            preview.line(0, "", "", "file refused", "", "", refusal);
        }
        LOG.info("{} preview of {} to {}", channel, name, target.getFileName());
        return preview;
    }

    /** Whether the file can be read record by record (else its one line says why). */
    public boolean readable(Preview preview) {
        return preview.checked != null;
    }

    /** The call request of one record, as the inbox would make it, with no campaign: it joins none. */
    public CallRequest toCallRequest(Exchange exchange) throws InvalidPayloadException {
        Preview preview = exchange.getProperty(PREVIEW, Preview.class);
        InputRow row = exchange.getMessage().getMandatoryBody(InputRow.class);
        exchange.setProperty(FileBatches.ROW, row);
        CallRequest request = CallRequests.fromRow(preview.channel, row);
        request.setSource(CallRequest.Source.fileRecord(preview.file.getFileName().toString(), row.line(), row.number(), null));
        exchange.getMessage().setBody(request);
        return request;
    }

    /** One line for a validated call: the request it would go out as, when, or why a calling rule would refuse it. */
    public void render(Exchange exchange) throws InvalidPayloadException {
        Preview preview = exchange.getProperty(PREVIEW, Preview.class);
        CallRequest request = exchange.getMessage().getMandatoryBody(CallRequest.class);
        if (request.getRequestId() == null) {
            request.setRequestId(CallRequests.fileRowRequestId(LocalDate.now(clock.withZone(zone)).toString(), request.getContentKey()));
        }
        InputRow row = exchange.getProperty(FileBatches.ROW, InputRow.class);
        String refused = rules.apply(request);
        String provider = Channels.of(request.getChannel()).provider();
        String wire = requests.get(provider).apply(request);
        if (refused != null) {
            preview.line(row.line(), request.getRequestId(), request.getPhone(), "refused", "", wire, refused);
        } else {
            preview.line(row.line(), request.getRequestId(), request.getPhone(), request.getDueAt() == null ? "call now" : "held",
                    request.getDueAt() == null ? "" : request.getDueAt(), wire, "");
        }
    }

    /** One line for a record its inbox would refuse: its field and reason, as the error file would say. */
    public void refuse(Exchange exchange) {
        Preview preview = exchange.getProperty(PREVIEW, Preview.class);
        InputRow row = exchange.getProperty(FileBatches.ROW, InputRow.class);
        InvalidRecordException refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRecordException.class);
        preview.line(row == null ? 0 : row.line(), "", "", "invalid", "", "", refusal.field() + ": " + refusal.reason());
    }

    public void close(Exchange exchange) throws Exception {
        Preview preview = exchange.getProperty(PREVIEW, Preview.class);
        if (preview != null) {
            preview.close();
            LOG.info("{} preview of {}: {} line(s) in {}; nothing registered or sent", preview.channel, preview.file.getFileName(),
                    preview.lines, preview.target);
        }
    }
}
