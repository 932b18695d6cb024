package dev.yakata.console.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.eventjson.EventJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The hand-written OpenAPI document (src/main/resources/openapi.json, served at /api/openapi.json) describes exactly
 * the routes the servlet answers: a route added to the servlet without its description, or a description left behind
 * by a removed route, fails here.
 */
public class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)\\}");

    @Test
    public void theDocumentHasExactlyTheServletsRoutes() throws IOException {
        Set<String> documented = new TreeSet<>();
        paths().forEach((path, item) -> item.keySet().stream().filter(METHODS::contains)
                .forEach(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + PATH_PARAMETER.matcher(path).replaceAll("{}"))));
        Set<String> served = new TreeSet<>(ConsoleApiServlet.routes());
        assertEquals("routes served (ConsoleApiServlet.routes()) against those documented (openapi.json)", served, documented);
    }

    @Test
    public void everyOperationNamesItsPathParametersItsAnswersAndAnId() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        paths().forEach((path, item) -> item.forEach((method, value) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            Map<String, Object> op = object(value);
            String where = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
            Set<String> declared = new TreeSet<>();
            for (Object p : op.get("parameters") instanceof List<?> list ? list : List.of()) {
                Map<String, Object> param = object(p);
                if ("path".equals(param.get("in"))) {
                    declared.add(String.valueOf(param.get("name")));
                }
            }
            Set<String> inPath = new TreeSet<>();
            Matcher m = PATH_PARAMETER.matcher(path);
            while (m.find()) {
                inPath.add(m.group(1));
            }
            if (!declared.equals(inPath)) {
                problems.add(where + ": path parameters " + inPath + " but declared " + declared);
            }
            if (!(op.get("responses") instanceof Map<?, ?> responses) || responses.keySet().stream().noneMatch(k -> String.valueOf(k).startsWith("2"))) {
                problems.add(where + ": no success answer");
            }
            if (!(op.get("summary") instanceof String s) || s.isBlank()) {
                problems.add(where + ": no summary");
            }
            if (!(op.get("operationId") instanceof String id) || !ids.add(id)) {
                problems.add(where + ": no operationId, or one used twice");
            }
        }));
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    @Test
    public void everyReferenceInTheDocumentResolves() throws IOException {
        String text = ConsoleApiServlet.openApiDocument();
        Map<String, Object> components = object(EventJson.mapFromJson(text).get("components"));
        Matcher m = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/([a-zA-Z]+)/([A-Za-z0-9]+)\"").matcher(text);
        int refs = 0;
        while (m.find()) {
            refs++;
            assertTrue("unresolved " + m.group(), object(components.get(m.group(1))).containsKey(m.group(2)));
        }
        assertTrue("no references found: is the pattern still right?", refs > 20);
        assertTrue(text.contains("\"openapi\": \"3.0.3\""));
    }

    private static Map<String, Map<String, Object>> paths() throws IOException {
        Map<String, Object> doc = EventJson.mapFromJson(ConsoleApiServlet.openApiDocument());
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        object(doc.get("paths")).forEach((k, v) -> out.put(k, object(v)));
        assertTrue("the document lists too few paths", out.size() > 10);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertTrue("not a JSON object: " + value, value instanceof Map);
        return (Map<String, Object>) value;
    }
}
