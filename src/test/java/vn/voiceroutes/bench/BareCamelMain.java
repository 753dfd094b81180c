package vn.voiceroutes.bench;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The floor of start-up on this machine: camel-main with one platform-http route and its health endpoint, nothing
 * else (benchmarks/startup.sh measures it beside voice-routes). Usage: java ... BareCamelMain PORT
 */
public final class BareCamelMain {

    private BareCamelMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("false"); // not the application's own properties
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.port", args[0]);
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.port", args[0]);
        main.addInitialProperty("camel.management.health-check-enabled", "true");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/hello").setBody(constant("hello"));
            }
        });
        main.run();
    }
}
