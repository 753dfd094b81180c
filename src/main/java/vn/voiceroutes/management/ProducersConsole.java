package vn.voiceroutes.management;

import java.util.List;
import java.util.Map;

import org.apache.camel.impl.console.ProducerDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's "producer" developer console, in place of Camel's own, which fails with a NullPointerException when Camel's
 * MBeans are off (it asks the JMX agent for its MBean server): the CLI connector builds its whole status from the
 * consoles in one go, so that one failure left ~/.camel/&lt;pid&gt;-status.json empty and `camel get` blind. Without the
 * MBeans (voice.management.tools=false, the default) it lists no producers; with them it is Camel's.
 */
public class ProducersConsole extends ProducerDevConsole {

    private boolean withoutMBeans() {
        return getCamelContext().getManagementStrategy() == null
                || getCamelContext().getManagementStrategy().getManagementAgent() == null;
    }

    @Override
    protected JsonObject doCallJson(Map<String, Object> options) {
        if (withoutMBeans()) {
            JsonObject root = new JsonObject();
            root.put("producers", List.of());
            return root;
        }
        return super.doCallJson(options);
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        return withoutMBeans() ? "Producers are listed with Camel's MBeans on (voice.management.tools=true)\n" : super.doCallText(options);
    }
}
