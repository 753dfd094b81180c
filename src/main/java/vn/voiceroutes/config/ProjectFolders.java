package vn.voiceroutes.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the routes and the configuration an engineer edits are read from: routes/ and config/ next to where the
 * application runs (voice.home, default the working directory), so that what is edited is what runs. Without them
 * (the jar started elsewhere) the copies packaged in the jar are used. One place that knows the layout; its
 * results reach Camel as properties: voice.routes (a location, file: or classpath:), voice.routes-dir and
 * voice.config-dir (empty when the packaged copies are used).
 */
public final class ProjectFolders {

    public static final String HOME = "voice.home";

    private final Path routes;
    private final Path config;

    private ProjectFolders(Path routes, Path config) {
        this.routes = routes;
        this.config = config;
    }

    /** The folders under voice.home (system property or VOICE_HOME), or the working directory. */
    public static ProjectFolders resolve() {
        return under(Path.of(lookup(HOME).orElse(".")));
    }

    /** The folders under this home. */
    public static ProjectFolders under(Path folder) {
        Path home = folder.toAbsolutePath().normalize();
        Path routes = home.resolve("routes");
        Path config = home.resolve("config");
        return new ProjectFolders(Files.isDirectory(routes.resolve("sources")) ? routes : null,
                Files.isRegularFile(config.resolve("application.properties")) ? config : null);
    }

    /** routes/ on disk, if there is one. */
    public Optional<Path> routesDir() {
        return Optional.ofNullable(routes);
    }

    /** config/ on disk, if there is one. */
    public Optional<Path> configDir() {
        return Optional.ofNullable(config);
    }

    /** Where Camel reads routes and kamelets: routes/ on disk, else the packaged copy. */
    public String routesLocation() {
        return routes != null ? "file:" + routes : "classpath:routes";
    }

    /**
     * The property files, most important first: the profile's file, then application.properties, from config/ on
     * disk (or the packaged copies). The profile is camel.main.profile as a system property, CAMEL_MAIN_PROFILE, or
     * the one application.properties names.
     */
    public String propertyLocations() {
        String base = config != null ? "file:" + config + "/" : "classpath:";
        String profile = lookup("camel.main.profile").orElseGet(() -> profileNamedIn(base));
        String locations = base + "application.properties";
        if (profile != null && !profile.isBlank()) {
            locations = base + "application-" + profile.strip() + ".properties;optional=true," + locations;
        }
        return locations;
    }

    private String profileNamedIn(String base) {
        Properties properties = new Properties();
        try (InputStream in = config != null ? Files.newInputStream(config.resolve("application.properties"))
                : ProjectFolders.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return null;
        }
        return properties.getProperty("camel.main.profile");
    }

    /** A setting given as a system property or as its environment variable (voice.home, VOICE_HOME). */
    private static Optional<String> lookup(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            value = System.getenv(Settings.envName(key));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    @Override
    public String toString() {
        return "routes " + routesLocation() + ", configuration " + (config != null ? config : "packaged in the jar");
    }
}
