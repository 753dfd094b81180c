package vn.voiceroutes.vbot;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.dispatch.ProviderGate;

/**
 * While VBot is paused because it refused our credentials, asks for a new token (campaign transport) every
 * voice.pause.probe-ms and resumes dispatch once one is granted. A pause VBot's own webhook reported (103 balance
 * too low, 105 package expired), and any pause of the auto-call transport (whose key cannot be checked without
 * placing a call), wait for an operator: POST /api/providers/vbot/resume.
 */
public class VbotAccountProbe {

    private static final Logger LOG = LoggerFactory.getLogger(VbotAccountProbe.class);
    private static final Set<String> OPERATOR_ONLY = Vbot.ACCOUNT_STATUSES;

    private final ProviderGate gate;
    private final VbotTokens tokens;
    private final VbotCalls calls;

    public VbotAccountProbe(ProviderGate gate, VbotTokens tokens, VbotCalls calls) {
        this.gate = gate;
        this.tokens = tokens;
        this.calls = calls;
    }

    public void probe() {
        ProviderGate.Pause pause = gate.pauseOf(Vbot.PROVIDER).orElse(null);
        if (pause == null || OPERATOR_ONLY.contains(pause.code()) || !Vbot.TRANSPORT.equals(calls.transport())) {
            return;
        }
        try {
            tokens.renew();
            gate.resume(Vbot.PROVIDER, "VBot granted a new token");
        } catch (RuntimeException e) {
            LOG.info("VBot still paused: the token probe failed ({})", e.getMessage());
        }
    }
}
