package vn.voiceroutes.config;

import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what the configuration opened, in reverse order, when Camel stops. */
public final class StartedResources extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StartedResources.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    public <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes everything opened so far: a start that failed half-way leaves no embedded part running. */
    public void closeAll() {
        doStop();
    }

    @Override
    protected void doStop() {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
