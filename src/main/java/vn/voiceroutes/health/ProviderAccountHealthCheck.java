package vn.voiceroutes.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import vn.voiceroutes.dispatch.ProviderGate;

/**
 * A provider account's state on readiness: UP whether or not its dispatch is paused, with the pause (code, reason,
 * since) in the check's message and details. A paused account (eSMS 103, low balance) is the provider's state, not
 * the node's: a node that is taken out of service or restarted for it calls no sooner, and every other node shares
 * the same pause (ProviderGate). The operator resumes it (console, /api/providers/{key}/resume).
 */
public class ProviderAccountHealthCheck extends AbstractHealthCheck {

    private final ProviderGate gate;
    private final String provider;

    public ProviderAccountHealthCheck(String id, ProviderGate gate, String provider) {
        super("voice-routes", id);
        this.gate = gate;
        this.provider = provider;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        gate.pauseOf(provider).ifPresent(pause -> builder
                .message("dispatch paused since " + pause.since() + " (" + pause.code() + "): " + pause.reason())
                .detail("paused", true)
                .detail("code", pause.code())
                .detail("reason", pause.reason())
                .detail("since", pause.since().toString()));
    }
}
