package vn.voiceroutes.management;

import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsoleRegistry;

/**
 * Camel's developer consoles that the application replaces: what the CLI connector writes into its status file every
 * second and `camel get` shows. A console registered here is found before the one on the classpath of the same id.
 */
public final class CamelConsoles {

    private CamelConsoles() {
    }

    /** @param secrets secrets that are not properties of their own, masked wherever a property shows them */
    public static void register(CamelContext context, Supplier<Set<String>> secrets) {
        DevConsoleRegistry consoles = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        if (consoles != null) {
            consoles.register(new MaskedPropertiesConsole(secrets));
            consoles.register(new ProducersConsole());
        }
    }
}
