package vn.voiceroutes.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;

/**
 * A campaign that recurs (a route file fires it on a schedule): each run drops the same call list into a channel's
 * inbox, with a RequestId of its own per run and row ("&lt;campaign&gt;-&lt;yyyyMMdd&gt;-&lt;row&gt;"), so every run calls once and a
 * second fire on the same day (another node, a restart) calls nobody twice.
 */
public class RecurringCampaigns {

    private static final Logger LOG = LoggerFactory.getLogger(RecurringCampaigns.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final WorkFolder work;
    private final ZoneId zone;
    private final Clock clock;
    private final Path configDir;

    /** configDir: config/ on disk, where a list named relatively is looked for first (null: the packaged copy only). */
    public RecurringCampaigns(WorkFolder work, ZoneId zone, Clock clock, Path configDir) {
        this.work = work;
        this.zone = zone;
        this.clock = clock;
        this.configDir = configDir;
    }

    /** Drops today's run of the call list (a classpath resource under config/, or a file) into the channel's inbox. */
    public Path release(String campaign, String list, String channel) throws IOException {
        if (!campaign.matches("[a-z0-9-]{1,30}")) {
            throw new IllegalArgumentException("Campaign name '" + campaign + "' must be 1-30 of a-z, 0-9 and -");
        }
        String day = LocalDate.now(clock.withZone(zone)).format(DAY);
        Path target = work.inbox(channel).resolve(campaign + "-" + day + ".csv");
        if (Files.exists(target)) {
            return target;
        }
        Path staged = work.root().resolve("." + target.getFileName() + ".tmp");
        try (Reader in = open(list); CSVParser csv = CSVParser.builder().setReader(in)
                .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get()).get();
                Writer out = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(csv.getHeaderNames());
            header.removeIf(name -> name.equalsIgnoreCase("requestId"));
            List<String> columns = new ArrayList<>(header);
            columns.add("requestId");
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).get())) {
                long row = 0;
                for (CSVRecord record : csv) {
                    row++;
                    List<String> values = new ArrayList<>();
                    for (String name : header) {
                        values.add(record.isMapped(name) && record.isSet(name) ? record.get(name) : "");
                    }
                    values.add(campaign + "-" + day + "-" + row);
                    printer.printRecord(values);
                }
            }
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Recurring campaign {} released into {}", campaign, target);
        return target;
    }

    /** The list: a file (absolute, or under config/ on disk, or relative to the working directory), else packaged. */
    private Reader open(String list) throws IOException {
        Path file = Path.of(list);
        if (!file.isAbsolute() && configDir != null && Files.isRegularFile(configDir.resolve(list))) {
            file = configDir.resolve(list);
        }
        if (Files.isRegularFile(file)) {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        InputStream resource = RecurringCampaigns.class.getResourceAsStream("/" + list);
        if (resource == null) {
            throw new IOException("Call list " + list + " is neither a file nor under config/");
        }
        return new java.io.InputStreamReader(resource, StandardCharsets.UTF_8);
    }
}
