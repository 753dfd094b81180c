package vn.voiceroutes.http;

import java.net.BindException;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * Refuses a start whose HTTP servers (business and management) are not listening. Camel's Vert.x server logs a port
 * it cannot bind (taken by another process) and the context starts anyway: a node that takes no callback, serves no
 * console and answers no probe, while its dispatchers claim and place calls whose reports cannot reach it. Checked
 * before the routes start, and again once they have.
 */
public final class ServersListening implements StartupListener {

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        check(context, false);
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        check(context, true);
    }

    private static void check(CamelContext context, boolean started) throws BindException {
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            // a server not started yet (null) is known only once the context has started
            boolean failed = server.getServer() == null ? started : !GuardedVertx.listening(server.getServer());
            if (failed) {
                throw new BindException("Address already in use: the HTTP server on " + server.getHost() + ":"
                        + server.getConfigurationPort() + " is not listening (another process holds the port?); not started");
            }
        }
    }
}
