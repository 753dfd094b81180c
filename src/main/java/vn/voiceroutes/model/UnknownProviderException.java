package vn.voiceroutes.model;

import java.util.Collection;

/**
 * A route (or a request) names a provider that is not declared: a typo that would otherwise never pause, never
 * claim. Refused where the name is first read (Channels, ProviderGate), naming the providers there are.
 */
public class UnknownProviderException extends IllegalArgumentException {

    public UnknownProviderException(String named, Collection<String> keys) {
        super("Unknown provider '" + named + "': the providers are " + String.join(", ", keys));
    }
}
