package vn.voiceroutes.template;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.InvalidReferenceException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;

import vn.voiceroutes.model.InvalidRecordException;

/**
 * The templates engineers edit (FreeMarker, under config/templates/, or a folder given by voice.templates-dir that
 * takes precedence), rendered with one record's variables. A variable the template needs and the record lacks is
 * an error naming the variable; nothing is ever rendered with a blank in its place.
 */
public class VoiceTemplates {

    private final Configuration freemarker;

    public VoiceTemplates(String overrideDir) throws IOException {
        freemarker = new Configuration(Configuration.VERSION_2_3_32);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (overrideDir != null && new File(overrideDir).isDirectory()) {
            loaders.add(new FileTemplateLoader(new File(overrideDir)));
        }
        loaders.add(new ClassTemplateLoader(VoiceTemplates.class, "/templates"));
        freemarker.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setNumberFormat("computer");
    }

    /**
     * The values of a TTS call template's variables, in order: one per non-empty line that
     * templates/esms-template/&lt;templateId&gt;.ftl renders to, or, with no such file, the record's variables
     * (its columns that are not documented parameters) in their order.
     */
    public List<String> variableValues(String templateId, Map<String, String> variables) {
        if (!templateId.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*") || templateId.contains("..")) {
            // validation refuses such ids first; a template of another folder must never be reached from a record
            throw new IllegalArgumentException("Not a template id: " + templateId);
        }
        String name = "esms-template/" + templateId + ".ftl";
        String rendered = renderIfPresent(name, variables);
        if (rendered == null) {
            return new ArrayList<>(variables.values());
        }
        List<String> values = new ArrayList<>();
        for (String line : rendered.split("\\R")) {
            if (!line.isBlank()) {
                values.add(line.strip());
            }
        }
        return values;
    }

    /** Renders a template that must exist (e.g. the voice OTP text). */
    public String render(String name, Map<String, String> variables) {
        String rendered = renderIfPresent(name, variables);
        if (rendered == null) {
            throw new IllegalStateException("Template " + name + " not found under config/templates or voice.templates-dir");
        }
        return rendered.strip();
    }

    private String renderIfPresent(String name, Map<String, String> variables) {
        Template template;
        try {
            template = freemarker.getTemplate(name);
        } catch (TemplateNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("Template " + name + " cannot be read: " + e.getMessage(), e);
        }
        // An empty cell is a missing value: the template must not read it out as silence.
        Map<String, Object> model = new LinkedHashMap<>();
        variables.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                model.put(key, value);
            }
        });
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
        } catch (InvalidReferenceException e) {
            String variable = e.getBlamedExpressionString();
            throw new InvalidRecordException(variable == null ? "variables" : variable,
                    "template " + name + " needs this variable and the record does not have it");
        } catch (TemplateException | IOException e) {
            throw new InvalidRecordException("variables", "template " + name + " failed: " + e.getMessage());
        }
        return out.toString();
    }
}
