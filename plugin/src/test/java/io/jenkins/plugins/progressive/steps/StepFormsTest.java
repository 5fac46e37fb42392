package io.jenkins.plugins.progressive.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The steps' Snippet Generator forms may only write what the user chose. A nullable {@code Boolean} parameter is
 * left out of a snippet only when the form binds {@code null}: structs' {@code DescribableModel.uninstantiate2}
 * drops a property only if it equals the value of a step built with no arguments, which for these getters is
 * {@code null}. A checkbox (or boolean radio) always binds {@code true} or {@code false}, so every such parameter
 * must be the {@code p:optionalBoolean} choice, whose first entry (the empty value) the steps' descriptor drops.
 */
class StepFormsTest {
    private static final String FORM = "/lib/form";
    private static final String OURS = "/lib/progressive";

    @Test
    void everyNullableBooleanParameterIsAChoiceThatCanBeLeftOut() throws Exception {
        Map<String, List<String>> checked = new TreeMap<>();
        for (Path config : stepForms()) {
            String step = config.getParent().getFileName().toString();
            Class<?> type = Class.forName(ClusterStep.class.getPackageName() + "." + step, false,
                    getClass().getClassLoader());
            List<String> booleans = nullableBooleans(type);
            Document form = parse(config);
            for (String property : booleans) {
                for (Element control : controlsBinding(form, property)) {
                    assertThat(OURS.equals(control.getNamespaceURI())
                            && "optionalBoolean".equals(control.getLocalName()))
                            .as("%s: %s is a Boolean the step leaves null by default, but the form binds it with <%s>,"
                                    + " which always binds true or false and so writes '%s: false' into every snippet;"
                                    + " use <p:optionalBoolean field=\"%s\" unset=\"(default) …\"/>", config, property,
                                    control.getTagName(), property, property)
                            .isTrue();
                }
            }
            assertThat(ClusterStep.FormDescriptor.class.isAssignableFrom(
                    Class.forName(type.getName() + "$DescriptorImpl", false, getClass().getClassLoader())))
                    .as(step + "'s descriptor drops the blank (default) choices before binding").isTrue();
            checked.put(step, booleans);
        }
        // the rule has something to check: these are the nullable Booleans the forms offer today
        assertThat(checked).containsEntry("RollingUpdateStep", List.of("autoRollback"))
                .containsEntry("FlagToggleStep", List.of("archive", "create", "dryRun", "enabled"));
    }

    @Test
    void theChoiceStartsAtTheValueThatLeavesTheParameterOut() throws Exception {
        Document tag = parse(Path.of(StepFormsTest.class.getResource("/lib/progressive/optionalBoolean.jelly").toURI()));
        assertThat(Path.of(StepFormsTest.class.getResource("/lib/progressive/taglib").toURI())).exists();
        NodeList selects = tag.getElementsByTagName("select");
        assertThat(selects.getLength()).isEqualTo(1);
        assertThat(((Element) selects.item(0)).getAttribute("name")).isEqualTo("_.${attrs.field}");
        NodeList options = tag.getElementsByTagName("option");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < options.getLength(); i++) {
            Element option = (Element) options.item(i);
            assertThat(option.hasAttribute("value")).as("option %d has an explicit value", i).isTrue();
            values.add(option.getAttribute("value"));
        }
        assertThat(values).containsExactly("", "true", "false");
    }

    @Test
    void blankFieldsAreLeftOutBeforeTheFormIsBound() {
        Map<String, Object> form = new java.util.LinkedHashMap<>();
        form.put("stapler-class", RollingUpdateStep.class.getName());
        form.put("deployment", "web");
        form.put("autoRollback", "");
        form.put("minReadySeconds", "");
        form.put("enabled", "false");

        assertThat(ClusterStep.FormDescriptor.blankFields(form)).containsExactly("autoRollback", "minReadySeconds");
    }

    /** The step's properties whose getter returns a {@code Boolean} (null unless the Jenkinsfile gives one). */
    private static List<String> nullableBooleans(Class<?> step) {
        List<String> names = new ArrayList<>();
        for (Method getter : step.getMethods()) {
            if (getter.getReturnType() == Boolean.class && getter.getParameterCount() == 0
                    && getter.getName().startsWith("get")) {
                names.add(Introspector.decapitalize(getter.getName().substring(3)));
            }
        }
        names.sort(null);
        return names;
    }

    /** The elements that bind the property: the controls in its {@code f:entry}, and any control naming it. */
    private static List<Element> controlsBinding(Document form, String property) {
        List<Element> controls = new ArrayList<>();
        NodeList all = form.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            boolean entry = FORM.equals(e.getNamespaceURI()) && "entry".equals(e.getLocalName());
            if (entry && property.equals(e.getAttribute("field"))) {
                for (var child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element control) {
                        controls.add(control);
                    }
                }
            } else if (!entry && (property.equals(e.getAttribute("field"))
                    || ("_." + property).equals(e.getAttribute("name")))) {
                controls.add(e);
            }
        }
        return controls;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static List<Path> stepForms() throws Exception {
        Path steps = Path.of(StepFormsTest.class.getResource(
                "/io/jenkins/plugins/progressive/steps/RollingUpdateStep/config.jelly").toURI()).getParent().getParent();
        try (Stream<Path> files = Files.walk(steps, 2)) {
            List<Path> forms = files.filter(p -> p.getFileName().toString().equals("config.jelly")).sorted().toList();
            assertThat(forms).as("the steps' forms").hasSizeGreaterThanOrEqualTo(4);
            return forms;
        }
    }
}
