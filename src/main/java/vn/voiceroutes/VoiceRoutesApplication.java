package vn.voiceroutes;

import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.ProjectFolders;

/**
 * Starts voice-routes: camel-main with the routes under routes/ and the settings under config/ (read from disk next
 * to where it runs, see ProjectFolders) and the beans of {@link VoiceConfiguration}.
 */
public final class VoiceRoutesApplication {

    private VoiceRoutesApplication() {
    }

    public static Main create() {
        return create(ProjectFolders.resolve());
    }

    public static Main create(ProjectFolders folders) {
        // No package scan: the one configuration class is named, so it cannot be picked up twice.
        Main main = new Main();
        main.configure().addConfiguration(VoiceConfiguration.class);
        main.setPropertyPlaceholderLocations(folders.propertyLocations());
        main.addInitialProperty("voice.routes", folders.routesLocation());
        main.addInitialProperty("voice.routes-dir", folders.routesDir().map(Object::toString).orElse(""));
        main.addInitialProperty("voice.config-dir", folders.configDir().map(Object::toString).orElse(""));
        LoggerFactory.getLogger(VoiceRoutesApplication.class).info("voice-routes reads {}", folders);
        return main;
    }

    public static void main(String[] args) {
        Main main = create();
        int status;
        try {
            status = main.run(args);
        } catch (Throwable e) {
            // A start that fails must end the process, with the reason, and stop what it had started (broker,
            // database): otherwise their threads keep a half-started JVM alive.
            LoggerFactory.getLogger(VoiceRoutesApplication.class).error("voice-routes could not start: {}", e.getMessage(), e);
            try {
                if (main.getCamelContext() != null) {
                    main.getCamelContext().shutdown();
                }
                main.stop();
            } catch (RuntimeException stopping) {
                LoggerFactory.getLogger(VoiceRoutesApplication.class).warn("Stopping after the failed start: {}", stopping.getMessage());
            }
            status = 1;
        }
        System.exit(status);
    }
}
