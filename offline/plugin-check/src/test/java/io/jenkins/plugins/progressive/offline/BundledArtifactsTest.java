package io.jenkins.plugins.progressive.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The real build's maven-hpi-plugin fails {@code hpi:hpi} when {@code hpi.bundledArtifacts} in plugin/pom.xml is not
 * exactly the sorted artifactIds it copies to WEB-INF/lib (hpi.strictBundledArtifacts). That build cannot run here,
 * so this check does its arithmetic: it bundles the compile and runtime dependencies that do not come through a
 * Jenkins plugin, i.e. the engine and what the engine pulls in past plugin/pom.xml's exclusions. This module declares
 * the engine with the same exclusions and the plugin-provided libraries as provided, and maven-dependency-plugin
 * writes its compile and runtime dependencies, as Maven resolves them, to {@code target/bundled-dependencies.txt}.
 */
class BundledArtifactsTest {
    private static final String ENGINE = "progressive-delivery-engine";

    /** Group ids of Jenkins plugins: what plugin/pom.xml depends on from these is a plugin and never bundled. */
    private static final Set<String> PLUGIN_GROUPS =
            Set.of("org.jenkins-ci.plugins", "org.jenkins-ci.plugins.workflow", "io.jenkins.configuration-as-code");

    @Test
    void hpiBundledArtifactsIsWhatTheHpiBundles() throws Exception {
        Document pluginPom = parse(Path.of(System.getProperty("pluginPom")));
        List<String> declared = declaredBundledArtifacts(pluginPom);

        assertNoOwnLibraries(pluginPom);
        Set<String> actual = new TreeSet<>(resolvedRuntimeArtifactIds(
                Path.of(System.getProperty("bundledDependencies"))));

        assertThat(declared)
                .as("hpi.bundledArtifacts in plugin/pom.xml is compared by maven-hpi-plugin with the sorted list"
                        + " it bundles: keep it sorted")
                .isSorted();
        Set<String> missing = new TreeSet<>(actual);
        missing.removeAll(declared);
        Set<String> extra = new TreeSet<>(declared);
        extra.removeAll(actual);
        assertThat(missing.isEmpty() && extra.isEmpty())
                .as("hpi.bundledArtifacts in plugin/pom.xml does not match what the hpi bundles: missing %s, extra"
                        + " %s; the hpi bundles %s (hpi:hpi fails on this with hpi.strictBundledArtifacts)",
                        missing, extra, String.join(",", actual))
                .isTrue();
    }

    /**
     * This module stands for plugin/pom.xml only while its engine dependency excludes what the plugin's does: a
     * change to either must be made to both.
     */
    @Test
    void theEngineHereHasThePluginsExclusions() throws Exception {
        Set<String> plugin = engineExclusions(parse(Path.of(System.getProperty("pluginPom"))));
        Set<String> here = engineExclusions(parse(Path.of(System.getProperty("checkPom"))));

        assertThat(plugin).as("exclusions of %s in plugin/pom.xml", ENGINE).contains("io.fabric8:*");
        assertThat(here).as("exclusions of %s in offline/plugin-check/pom.xml (must equal plugin/pom.xml's)", ENGINE)
                .isEqualTo(plugin);
    }

    private static List<String> declaredBundledArtifacts(Document pom) {
        NodeList found = pom.getElementsByTagName("hpi.bundledArtifacts");
        assertThat(found.getLength()).as("hpi.bundledArtifacts in plugin/pom.xml").isEqualTo(1);
        return Arrays.stream(found.item(0).getTextContent().split(",")).map(String::trim).toList();
    }

    /**
     * The artifactIds of a {@code dependency:list} output: lines like
     * {@code io.prometheus:prometheus-metrics-core:jar:1.10.0:compile -- module ...}.
     */
    static List<String> resolvedRuntimeArtifactIds(Path listing) throws IOException {
        assertThat(listing).as("maven-dependency-plugin's list (run mvn -P offline verify)").exists();
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(listing)) {
            String coordinates = line.strip().split(" ", 2)[0];
            String[] parts = coordinates.split(":");
            if (parts.length >= 5) {
                String scope = parts[parts.length - 1];
                assertThat(scope).as("scope of %s", coordinates).isIn("compile", "runtime");
                ids.add(parts[1]);
            }
        }
        assertThat(ids).as("dependencies in %s", listing).contains(ENGINE);
        return ids;
    }

    /**
     * Libraries plugin/pom.xml itself depends on at compile or runtime scope besides the engine: the hpi bundles them
     * too, with their dependencies, which this check cannot resolve: it names them rather than guess.
     */
    private static void assertNoOwnLibraries(Document pom) {
        Set<String> libraries = new TreeSet<>();
        for (Element dependency : projectDependencies(pom)) {
            String groupId = text(dependency, "groupId");
            String artifactId = text(dependency, "artifactId");
            String scope = text(dependency, "scope");
            boolean bundledScope = scope == null || scope.equals("compile") || scope.equals("runtime");
            if (bundledScope && !"true".equals(text(dependency, "optional")) && !PLUGIN_GROUPS.contains(groupId)
                    && !artifactId.equals(ENGINE)) {
                libraries.add(groupId + ":" + artifactId);
            }
        }
        assertThat(libraries)
                .as("plugin/pom.xml depends on libraries that are not Jenkins plugins (the hpi bundles them and their"
                        + " dependencies): declare them in offline/plugin-check/pom.xml as well and teach this check")
                .isEmpty();
    }

    private static Set<String> engineExclusions(Document pom) {
        for (Element dependency : projectDependencies(pom)) {
            if (ENGINE.equals(text(dependency, "artifactId"))) {
                Set<String> exclusions = new TreeSet<>();
                for (Element exclusion : children(dependency, "exclusions", "exclusion")) {
                    exclusions.add(text(exclusion, "groupId") + ":" + text(exclusion, "artifactId"));
                }
                return exclusions;
            }
        }
        throw new AssertionError("no dependency on " + ENGINE + " in " + pom.getDocumentURI());
    }

    /** The project's own {@code <dependencies>}, not those of dependencyManagement or profiles. */
    private static List<Element> projectDependencies(Document pom) {
        return children(pom.getDocumentElement(), "dependencies", "dependency");
    }

    private static List<Element> children(Element parent, String listName, String itemName) {
        List<Element> items = new ArrayList<>();
        for (Element list : childElements(parent, listName)) {
            items.addAll(childElements(list, itemName));
        }
        return items;
    }

    private static List<Element> childElements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = childElements(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().strip();
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        document.setDocumentURI(pom.toString());
        return document;
    }
}
