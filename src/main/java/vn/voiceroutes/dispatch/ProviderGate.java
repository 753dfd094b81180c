package vn.voiceroutes.dispatch;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether dispatch to a provider account is open. An account-wide fault (eSMS 101, 102, 103, 140, 143) pauses it:
 * its dispatcher claims no more calls, so they wait QUEUED in the ledger (intake goes on registering them), readiness
 * reports the pause (ProviderAccountHealthCheck, still UP), and nothing is lost. A probe route or an operator resumes it. The pause is shared through the database (table provider_pause): every node sharing it
 * pauses and resumes together, whichever node met the fault or was asked to resume ({@link #sync()}).
 */
public class ProviderGate {

    /** Why and since when a provider is paused. */
    public record Pause(String code, String reason, Instant since) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProviderGate.class);

    private final Map<String, String> keys;
    private final javax.sql.DataSource dataSource;
    private final String nodeId;
    private final Map<String, Pause> paused = new ConcurrentHashMap<>();

    /**
     * @param keys provider name (as in ProviderAccountException) to its key in /api/providers/{key}
     * @param dataSource the ledger's database, where pauses are shared; null: this node's pauses stay its own
     */
    public ProviderGate(Map<String, String> keys, javax.sql.DataSource dataSource, String nodeId) {
        this.keys = keys;
        this.dataSource = dataSource;
        this.nodeId = nodeId;
    }

    /** Whether the provider (its name or its key, as routes give it) is open; an unknown one is refused, never open. */
    public boolean isOpen(String provider) {
        return !paused.containsKey(named(provider));
    }

    public boolean isPaused(String provider) {
        return paused.containsKey(named(provider));
    }

    /** The provider's name, from its name or its key; an unknown one (a typo in a route) is refused, naming them. */
    public String named(String provider) {
        if (keys.containsKey(provider)) {
            return provider;
        }
        String named = providerFor(provider);
        if (named == null) {
            throw new vn.voiceroutes.model.UnknownProviderException(provider, keys.values());
        }
        return named;
    }

    public Optional<Pause> pauseOf(String provider) {
        return Optional.ofNullable(paused.get(provider));
    }

    /** Every provider's state, in the declaration's order: what the console shows. */
    public java.util.List<Map<String, Object>> states() {
        return keys.keySet().stream().map(this::state).toList();
    }

    /** The provider's state for operators: its key, paused or not, since when and why. */
    public Map<String, Object> state(String provider) {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("provider", provider);
        state.put("key", keys.get(provider));
        Pause pause = paused.get(provider);
        state.put("paused", pause != null);
        if (pause != null) {
            state.put("code", pause.code());
            state.put("reason", pause.reason());
            state.put("since", pause.since().toString());
        }
        return state;
    }

    /** Pauses the provider of the ProviderAccountException the exchange failed with. */
    public void pause(Exchange exchange) {
        ProviderAccountException fault = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ProviderAccountException.class);
        if (fault != null) {
            pause(fault.provider(), fault.code(), fault.getMessage());
        }
    }

    /** Pauses a provider on every node (the first fault wins; later ones while paused change nothing). */
    public synchronized void pause(String provider, String code, String reason) {
        share("insert into provider_pause (provider, code, reason, paused_by) values (?, ?, ?, ?) on conflict (provider) do nothing",
                provider, code, reason, nodeId);
        pauseHere(provider, new Pause(code, reason, Instant.now()));
    }

    private void pauseHere(String provider, Pause pause) {
        String reason = pause.reason();
        if (paused.putIfAbsent(provider, pause) == null) {
            LOG.error("{}: {} dispatch PAUSED, its calls kept queued in the ledger; it resumes when the account "
                    + "probe succeeds or an operator resumes it", reason, provider);
        }
    }

    /** The provider of this key in /api/providers/{key}, e.g. "vbot" -> "VBot"; null if none. */
    public String providerFor(String key) {
        return keys.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(key == null ? "" : key))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Opens the provider again on every node. */
    public synchronized void resume(String provider, String why) {
        provider = named(provider);
        share("delete from provider_pause where provider = ?", provider);
        resumeHere(provider, why);
    }

    /** An operator resumes the provider: the log says who. */
    public void resumeBy(String provider, String who) {
        resume(provider, "resumed by " + who);
    }

    private void resumeHere(String provider, String why) {
        if (paused.remove(provider) != null) {
            LOG.warn("{} dispatch RESUMED ({})", provider, why);
        }
    }

    /**
     * Follows the shared pauses (route provider-pause-sync, every voice.pause.sync-ms): a provider another node paused
     * is paused here, one another node resumed is resumed here. A node that starts while a provider is paused starts
     * paused. When the database cannot be read, this node keeps its own state until the next run. Synchronized with
     * pause and resume, so a snapshot read just before a resume here cannot pause this node again.
     */
    public synchronized void sync() {
        if (dataSource == null) {
            return;
        }
        Map<String, Pause> shared = new java.util.HashMap<>();
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement select = connection.prepareStatement("select provider, code, reason, since, paused_by from provider_pause");
                java.sql.ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                shared.put(rows.getString(1), new Pause(rows.getString(2), rows.getString(3) + " (met by " + rows.getString(5) + ")",
                        rows.getTimestamp(4).toInstant()));
            }
        } catch (java.sql.SQLException e) {
            LOG.warn("Shared provider pauses could not be read: {}", e.getMessage());
            return;
        }
        for (String provider : keys.keySet()) {
            Pause pause = shared.get(provider);
            if (pause != null) {
                pauseHere(provider, pause);
            } else if (paused.containsKey(provider)) {
                resumeHere(provider, "resumed on another node");
            }
        }
    }

    /** Writes a pause change for the other nodes; a database fault must not stop this node from pausing or resuming. */
    private void share(String sql, String... values) {
        if (dataSource == null) {
            return;
        }
        try (java.sql.Connection connection = dataSource.getConnection(); java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            LOG.warn("Provider pause could not be shared with other nodes: {}", e.getMessage());
        }
    }
}
