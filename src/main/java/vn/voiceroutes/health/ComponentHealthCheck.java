package vn.voiceroutes.health;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one part the application rests on (broker, database). Not a liveness check: a database that is down
 * is not mended by restarting the node, and a probe that restarted every node of a cluster while it is down would
 * only add a storm of reconnections to the outage.
 */
public class ComponentHealthCheck extends AbstractHealthCheck {

    private final BooleanSupplier up;

    public ComponentHealthCheck(String id, BooleanSupplier up) {
        super("voice-routes", id);
        this.up = up;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean ok;
        try {
            ok = up.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
            builder.message(e.getClass().getSimpleName());
        }
        if (ok) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
