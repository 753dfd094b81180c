package vn.voiceroutes.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether dispatch to a provider account is open. An account-wide fault (eSMS 101, 102, 103, 140, 143) pauses it:
 * the provider's source routes (route group = the provider's group, e.g. "esms") are suspended so files stay in
 * their inbox and messages on their queue, the health check goes DOWN, and nothing is lost. A probe route or an
 * operator resumes it.
 */
public class ProviderGate {

    /** Why and since when a provider is paused. */
    public record Pause(String code, String reason, Instant since) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProviderGate.class);

    private final CamelContext context;
    private final Map<String, String> routeGroups;
    private final Map<String, Pause> paused = new ConcurrentHashMap<>();

    /** @param routeGroups provider name (as in ProviderAccountException) to the route group of its sources */
    public ProviderGate(CamelContext context, Map<String, String> routeGroups) {
        this.context = context;
        this.routeGroups = routeGroups;
    }

    /** Throws ProviderPausedException while the provider is paused. */
    public void checkOpen(String provider) {
        Pause pause = paused.get(provider);
        if (pause != null) {
            throw new ProviderPausedException(provider + " dispatch is paused since " + pause.since() + ": " + pause.reason());
        }
    }

    public boolean isOpen(String provider) {
        return !paused.containsKey(provider);
    }

    public boolean isPaused(String provider) {
        return paused.containsKey(provider);
    }

    public Optional<Pause> pause(String provider) {
        return Optional.ofNullable(paused.get(provider));
    }

    /** The provider's state for operators: paused or not, since when and why. */
    public Map<String, Object> state(String provider) {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("provider", provider);
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

    /** Pauses a provider (the first fault wins; later ones while paused change nothing). */
    public void pause(String provider, String code, String reason) {
        Pause pause = new Pause(code, reason, Instant.now());
        if (paused.putIfAbsent(provider, pause) == null) {
            LOG.error("{}: {} dispatch PAUSED, its sources suspended, all work kept queued; it resumes when the account "
                    + "probe succeeds or an operator resumes it", reason, provider);
            // Suspending waits for in-flight exchanges, the current one among them: do it off this thread.
            runAside(() -> forEachSource(provider, true));
        }
    }

    /** The provider whose route group (its key in /api/providers/{key}) this is, e.g. "vbot" -> "VBot"; null if none. */
    public String providerFor(String key) {
        return routeGroups.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(key == null ? "" : key))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Opens the provider again and resumes its sources. */
    public void resume(String provider, String why) {
        if (paused.remove(provider) != null) {
            LOG.warn("{} dispatch RESUMED ({})", provider, why);
            runAside(() -> forEachSource(provider, false));
        }
    }

    private void forEachSource(String provider, boolean suspend) {
        String group = routeGroups.get(provider);
        List<Route> routes = context.getRoutes().stream().filter(r -> group != null && group.equals(r.getGroup())).toList();
        for (Route route : routes) {
            try {
                if (suspend) {
                    context.getRouteController().suspendRoute(route.getRouteId());
                } else {
                    context.getRouteController().resumeRoute(route.getRouteId());
                }
            } catch (Exception e) {
                LOG.warn("Could not {} route {}: {}", suspend ? "suspend" : "resume", route.getRouteId(), e.getMessage());
            }
        }
    }

    private void runAside(Runnable task) {
        Thread thread = new Thread(task, "provider-gate");
        thread.setDaemon(true);
        thread.start();
    }
}
