package dev.saasextract.badinput;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code badinput/cases.yaml}: the files and command line of a bad invocation and what its error line
 * must say. See the head of that file for the fields.
 *
 * @param env variables to add; a null value removes the variable
 */
record BadInputCase(String name, String kind, String stage, Path manifest, Path config, List<String> args,
        Map<String, String> env, String expect) {

    static final Path CORPUS = Path.of("src/test/resources/badinput");
    private static final Path VALID_MANIFEST = CORPUS.resolve("valid/manifest.yaml");
    private static final Path VALID_CONFIG = CORPUS.resolve("valid/extract.yaml");

    BadInputCase {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(config, "config is null");
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new HashMap<>(env));
        requireNonNull(expect, "expect is null");
    }

    static List<BadInputCase> all() {
        JsonNode cases;
        try {
            cases = new ObjectMapper(new YAMLFactory()).readTree(CORPUS.resolve("cases.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus index " + CORPUS.resolve("cases.yaml"), e);
        }
        List<BadInputCase> all = new ArrayList<>();
        cases.forEach(node -> all.add(of(node)));
        return all;
    }

    private static BadInputCase of(JsonNode node) {
        List<String> args = new ArrayList<>();
        node.path("args").forEach(arg -> args.add(arg.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        node.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().asText()));
        return new BadInputCase(text(node, "case"), text(node, "kind"), text(node, "stage"),
                file(node, "manifest", VALID_MANIFEST), file(node, "config", VALID_CONFIG), args, env,
                text(node, "expect"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("corpus case " + node.path("case") + ": " + field + " is required");
        }
        return value.textValue();
    }

    private static Path file(JsonNode node, String field, Path otherwise) {
        return node.has(field) ? CORPUS.resolve(text(node, field)) : otherwise;
    }

    /** The full command line: the case's arguments, then the manifest and the config. */
    List<String> commandLine() {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--manifest", manifest.toString(), "--config", config.toString()));
        return all;
    }

    /** The expected fragment with the paths the run was given. */
    String expectedFragment() {
        return expect.replace("{manifest}", manifest.toString()).replace("{config}", config.toString());
    }

    /** {@code base} with this case's variables added or removed. */
    Map<String, String> environment(Map<String, String> base) {
        Map<String, String> merged = new HashMap<>(base);
        env.forEach((name, value) -> {
            if (value == null) {
                merged.remove(name);
            } else {
                merged.put(name, value);
            }
        });
        return merged;
    }

    @Override
    public String toString() {
        return name;
    }
}
