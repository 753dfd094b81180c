package vn.voiceroutes.http;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The Vert.x instance Camel's HTTP server runs on (bound in the registry, where platform-http looks for one), with
 * the two limits a server facing the internet needs and Camel gives no setting for: an idle timeout (a connection
 * that sends and receives nothing for that long is closed) and a request-head timeout (a connection must have sent
 * a whole request head within that time of opening, or of its last answer, else it is closed). Without them, 450
 * connections that trickled a byte now and then were held for as long as they liked, and about 20,000 would exhaust
 * the process's file descriptors.
 *
 * <p>Camel builds its HttpServerOptions itself (VertxPlatformHttpServer.startServer), so the limits are put in where
 * it asks this Vert.x for its server: every call but createHttpServer goes to the real instance unchanged.
 */
public final class GuardedVertx {

    private GuardedVertx() {
    }

    /** A Vert.x whose HTTP servers close idle connections and those slow to send their request head. */
    public static Vertx create(Duration idle, Duration requestHead) {
        Vertx real = Vertx.vertx();
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> type = real.getClass(); type != null; type = type.getSuperclass()) {
            collect(type, interfaces);
        }
        return (Vertx) Proxy.newProxyInstance(GuardedVertx.class.getClassLoader(), interfaces.toArray(Class<?>[]::new),
                new Guard(real, idle, requestHead));
    }

    private static void collect(Class<?> type, Set<Class<?>> into) {
        for (Class<?> face : type.getInterfaces()) {
            if (java.lang.reflect.Modifier.isPublic(face.getModifiers()) && into.add(face)) {
                collect(face, into);
            }
        }
    }

    private static final class Guard implements InvocationHandler {

        private final Vertx real;
        private final Duration idle;
        private final Duration requestHead;

        Guard(Vertx real, Duration idle, Duration requestHead) {
            this.real = real;
            this.idle = idle;
            this.requestHead = requestHead;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("createHttpServer") && args != null && args.length == 1 && args[0] instanceof HttpServerOptions options) {
                options.setIdleTimeout((int) Math.max(1, idle.toSeconds())).setIdleTimeoutUnit(TimeUnit.SECONDS);
                return guarded(real.createHttpServer(options));
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "GuardedVertx[" + real + "]";
                };
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** What each connection is doing: requests begun, and those not answered yet. */
        private static final class Watch {
            final AtomicLong begun = new AtomicLong();
            final AtomicInteger open = new AtomicInteger();
        }

        /**
         * The server, closing a connection that has not sent a request head within requestHead of opening or of its
         * last answer. The request handler Camel gives it is wrapped to count the requests each connection begins.
         */
        private HttpServer guarded(HttpServer server) {
            Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
            server.connectionHandler(connection -> {
                Watch watch = new Watch();
                watches.put(connection, watch);
                connection.closeHandler(closed -> watches.remove(connection));
                arm(connection, watch);
            });
            return (HttpServer) Proxy.newProxyInstance(GuardedVertx.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                    new Guarded(server, (proxy, method, args) -> {
                        if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                            @SuppressWarnings("unchecked")
                            Handler<HttpServerRequest> handler = (Handler<HttpServerRequest>) args[0];
                            server.requestHandler(request -> {
                                Watch watch = watches.get(request.connection());
                                if (watch != null) {
                                    watch.begun.incrementAndGet();
                                    watch.open.incrementAndGet();
                                    request.response().endHandler(ended -> {
                                        watch.open.decrementAndGet();
                                        arm(request.connection(), watch);
                                    });
                                }
                                handler.handle(request);
                            });
                            return proxy;
                        }
                        try {
                            return method.invoke(server, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        }

        private void arm(HttpConnection connection, Watch watch) {
            long begunBefore = watch.begun.get();
            real.setTimer(Math.max(1, requestHead.toMillis()), timer -> {
                if (watch.open.get() == 0 && watch.begun.get() == begunBefore) {
                    connection.close();
                }
            });
        }
    }

    /** A guarded server's calls, with the real server behind them (for {@link #listening}). */
    private record Guarded(HttpServer server, java.lang.reflect.InvocationHandler calls) implements java.lang.reflect.InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return calls.invoke(proxy, method, args);
        }
    }

    /**
     * Whether this server listens. Vert.x's own server (TCPServerBase) knows; its actualPort() stays at the port asked
     * for when the listen failed.
     */
    public static boolean listening(HttpServer server) {
        HttpServer real = Proxy.isProxyClass(server.getClass()) && Proxy.getInvocationHandler(server) instanceof Guarded guarded
                ? guarded.server() : server;
        return real instanceof io.vertx.core.net.impl.TCPServerBase tcp ? tcp.isListening() : real.actualPort() > 0;
    }
}
