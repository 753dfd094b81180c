package vn.voiceroutes.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route file saved while the application runs is loaded again: the routes of that file only, within a second or
 * two. A file that does not load (YAML that does not parse, an endpoint or a bean that does not exist, a route that
 * cannot be built) is refused with the reason, and the routes it held go on running as they were: Camel's own reload
 * removes them before it finds out the new ones cannot start. Kamelets and property files are read at start only.
 */
public class RouteFileReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReload.class);
    private static final String ROUTE_FILES = ".camel.yaml";

    /** The content of each route file as it last loaded. */
    private final Map<Path, byte[]> lastLoaded = new ConcurrentHashMap<>();

    public RouteFileReload(Path routesDir) {
        super(routesDir.toString(), true);
        setPattern("*" + ROUTE_FILES);
        setRemoveAllRoutes(false);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        try (Stream<Path> files = Files.walk(Path.of(getFolder()))) {
            files.filter(file -> file.getFileName().toString().endsWith(ROUTE_FILES)).forEach(this::remember);
        }
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null || resources.isEmpty()) {
            super.onRouteReload(resources, removeEverything);
            return;
        }
        // loaded from the bytes read here, so what is remembered is what runs, even if the file is saved again meanwhile
        Map<Path, byte[]> saved = new java.util.LinkedHashMap<>();
        for (Resource resource : resources) {
            try {
                saved.put(path(resource), Files.readAllBytes(path(resource)));
            } catch (IOException gone) {
                LOG.warn("Route file {} cannot be read ({}); the routes it held go on as they were", path(resource).getFileName(), gone.getMessage());
            }
        }
        if (saved.isEmpty()) {
            return;
        }
        try {
            super.onRouteReload(asResources(saved), removeEverything);
            lastLoaded.putAll(saved);
            LOG.info("Route file {} loaded again", names(saved));
        } catch (RuntimeException refused) {
            Map<Path, byte[]> before = new java.util.LinkedHashMap<>();
            saved.keySet().forEach(file -> {
                if (lastLoaded.containsKey(file)) {
                    before.put(file, lastLoaded.get(file));
                }
            });
            if (!before.isEmpty()) {
                super.onRouteReload(asResources(before), false);
            }
            LOG.error("Route file {} refused: {}. The routes it held go on as they were; fix the file and save it again",
                    names(saved), reason(refused));
        }
    }

    private static List<Resource> asResources(Map<Path, byte[]> contents) {
        List<Resource> resources = new ArrayList<>();
        contents.forEach((file, content) -> resources.add(ResourceHelper.fromBytes("file:" + file, content)));
        return resources;
    }

    private void remember(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                lastLoaded.put(file.toAbsolutePath().normalize(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path path(Resource resource) {
        String location = resource.getLocation();
        return Path.of(location.startsWith("file:") ? location.substring(5) : location).toAbsolutePath().normalize();
    }

    private static String names(Map<Path, byte[]> contents) {
        return String.join(", ", contents.keySet().stream().map(file -> file.getFileName().toString()).toList());
    }

    /** The deepest cause says what is wrong with the file (the outer ones only that the reload failed), on one line. */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > 400 ? message.substring(0, 400) + "..." : message;
    }
}
