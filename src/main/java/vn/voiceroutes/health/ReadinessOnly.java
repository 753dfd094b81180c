package vn.voiceroutes.health;

import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's routes and consumers checks, on readiness only. Camel counts them for liveness too, so a file consumer
 * whose folder is unreadable, or a JMS consumer while the broker is away, would have a liveness probe restart the node
 * in a loop, which mends neither. Liveness keeps Camel's context check: the process can do work.
 */
public class ReadinessOnly extends ServiceSupport implements HealthCheckRepository, CamelContextAware {

    private final HealthCheckRepository checks;

    public ReadinessOnly(HealthCheckRepository checks) {
        this.checks = checks;
    }

    @Override
    public String getId() {
        return checks.getId();
    }

    @Override
    public boolean isEnabled() {
        return checks.isEnabled();
    }

    @Override
    public void setEnabled(boolean enabled) {
        checks.setEnabled(enabled);
    }

    @Override
    public CamelContext getCamelContext() {
        return checks instanceof CamelContextAware aware ? aware.getCamelContext() : null;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        CamelContextAware.trySetCamelContext(checks, context);
    }

    @Override
    public Stream<HealthCheck> stream() {
        return checks.stream().map(ReadinessCheck::new);
    }

    @Override
    protected void doStart() {
        ServiceHelper.startService(checks);
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(checks);
    }

    private record ReadinessCheck(HealthCheck check) implements HealthCheck {

        @Override
        public String getId() {
            return check.getId();
        }

        @Override
        public String getGroup() {
            return check.getGroup();
        }

        @Override
        public boolean isEnabled() {
            return check.isEnabled();
        }

        @Override
        public void setEnabled(boolean enabled) {
            check.setEnabled(enabled);
        }

        @Override
        public Map<String, Object> getMetaData() {
            return check.getMetaData();
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        public Result call(Map<String, Object> options) {
            return check.call(options);
        }
    }
}
