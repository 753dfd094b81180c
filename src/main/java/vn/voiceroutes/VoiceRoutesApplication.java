package vn.voiceroutes;

import org.apache.camel.main.Main;

import vn.voiceroutes.config.VoiceConfiguration;

/** Starts voice-routes: camel-main with the routes under routes/ and the beans of {@link VoiceConfiguration}. */
public final class VoiceRoutesApplication {

    private VoiceRoutesApplication() {
    }

    public static Main create() {
        // No package scan: the one configuration class is named, so it cannot be picked up twice.
        Main main = new Main();
        main.configure().addConfiguration(VoiceConfiguration.class);
        return main;
    }

    public static void main(String[] args) throws Exception {
        System.exit(create().run(args));
    }
}
