package vn.voiceroutes.health;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** A readiness and liveness check of one part the application rests on (broker, database). */
public class ComponentHealthCheck extends AbstractHealthCheck {

    private final BooleanSupplier up;

    public ComponentHealthCheck(String id, BooleanSupplier up) {
        super("voice-routes", id);
        this.up = up;
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
