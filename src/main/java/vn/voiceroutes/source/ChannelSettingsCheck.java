package vn.voiceroutes.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetPropertyDefinition;
import org.apache.camel.support.LifecycleStrategySupport;

import vn.voiceroutes.model.CallPurpose;

/**
 * Every channel's settings route (direct:&lt;channel&gt;-settings, in routes/sources/&lt;channel&gt;.camel.yaml) checked
 * against the channel catalog when its routes are added, at start and when the file is saved again: a default for a
 * parameter the channel does not have (a typo), a purpose or frequency cap that is none, or a setting no route reads
 * refuses the start (or the reload) with the route and the key named, instead of failing every record at run time.
 */
public class ChannelSettingsCheck extends LifecycleStrategySupport {

    /** The settings a channel's route may give, besides defaults (CallRequests.DEFAULT_PREFIX). */
    private static final Set<String> SETTINGS = Set.of(CallValidation.CHANNEL, CallValidation.PURPOSE,
            CallValidation.PURPOSE_PER_RECORD, CallValidation.FREQUENCY_CAP);

    private final CamelContext camel;

    public ChannelSettingsCheck(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> problems = new ArrayList<>();
        for (Route route : routes) {
            RouteDefinition definition = model.getRouteDefinition(route.getRouteId());
            String channel = definition == null ? null : channelOf(definition.getInput());
            if (channel != null) {
                problems.addAll(problems(route.getRouteId(), channel, definition.getOutputs()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** The problems of one channel's settings (its route's setProperty steps, their values resolved). */
    List<String> problems(String routeId, String channel, List<ProcessorDefinition<?>> steps) {
        List<String> problems = new ArrayList<>();
        if (!Channels.ALL.contains(channel)) {
            problems.add("route " + routeId + ": " + channel + " is no channel (" + String.join(", ", Channels.ALL) + ")");
            return problems;
        }
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof SetPropertyDefinition set) {
                String key = set.getName();
                String value = camel.resolvePropertyPlaceholders(set.getExpression().getExpression());
                String problem = problem(channel, key, value);
                if (problem != null) {
                    problems.add("route " + routeId + ": " + key + " " + problem);
                }
            }
        }
        return problems;
    }

    /** What is wrong with one setting of the channel, or null. */
    static String problem(String channel, String key, String value) {
        if (key.startsWith(CallRequests.DEFAULT_PREFIX)) {
            String parameter = key.substring(CallRequests.DEFAULT_PREFIX.length());
            return Channels.parameter(channel, parameter) != null ? null
                    : "is a default for " + parameter + ", which is no parameter of " + channel + " ("
                            + String.join(", ", Channels.of(channel).parameters()) + ")";
        }
        if (!SETTINGS.contains(key)) {
            return "is no setting of a channel (" + String.join(", ", SETTINGS.stream().sorted().toList()) + ", or default.<parameter>)";
        }
        if (key.equals(CallValidation.CHANNEL) && !channel.equals(value)) {
            return "is '" + value + "' in the settings of " + channel;
        }
        try {
            if (key.equals(CallValidation.PURPOSE)) {
                CallPurpose.parse(key, value);
            } else if (key.equals(CallValidation.FREQUENCY_CAP)) {
                CallValidation.whenCapped(value);
            }
        } catch (RuntimeException refused) {
            return "is '" + value + "': " + refused.getMessage().replaceFirst("^.*?: ", "");
        }
        return null;
    }

    /** The channel whose settings route this is (from direct:&lt;channel&gt;-settings), or null. */
    static String channelOf(FromDefinition from) {
        String uri = from == null ? null : from.getEndpointUri();
        if (uri == null || !uri.startsWith("direct:") || !uri.endsWith(SUFFIX)) {
            return null;
        }
        return uri.substring("direct:".length(), uri.length() - SUFFIX.length());
    }

    private static final String SUFFIX = "-settings";
}
