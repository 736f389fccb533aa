package dev.saasextract.config.yaml;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.saasextract.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a small YAML file (manifest, extract.yaml) into a Jackson tree, strictly: duplicate keys, several documents
 * and aliases are errors, and every failure becomes one line naming the file (and the line when YAML knows it).
 *
 * <p>Jackson's YAML parser does not expand aliases: it would silently turn {@code *name} into the string
 * {@code "name"}. Rejecting aliases keeps that from happening and also makes alias bombs impossible.
 * {@code yes/no/on/off} stay strings so that only real booleans pass a boolean check.
 */
public final class SafeYaml {

    /** Far above any real manifest (GitLab's largest is ~200 KB); stops a runaway file early. */
    private static final int MAX_CODE_POINTS = 10 * 1024 * 1024;
    /** GitLab's largest manifest is ~200 KB; parsing one value of this size takes seconds already. */
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int MAX_NESTING_DEPTH = 50;
    private static final Pattern UNQUOTED_REFERENCE = Pattern.compile("[{\\[,:]\\s*\\$\\{");

    private static final ObjectMapper MAPPER = new ObjectMapper(newFactory());

    private SafeYaml() {
    }

    /**
     * Reads {@code file}, whose top level must be a mapping.
     *
     * @param error builds the caller's exception type from a one-line message and its cause
     */
    public static ObjectNode readMapping(
            Path file, BiFunction<String, Throwable, ? extends InvalidInputException> error) {
        requireNonNull(file, "file is null");
        requireNonNull(error, "error is null");
        JsonNode root = readTree(file, error);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw error.apply(file + ": is empty", null);
        }
        if (!root.isObject()) {
            throw error.apply(file + ": top level must be a mapping, got " + Printable.describe(root), null);
        }
        return (ObjectNode) root;
    }

    private static JsonNode readTree(Path file, BiFunction<String, Throwable, ? extends InvalidInputException> error) {
        String text = readText(file, error);
        try (JsonParser parser = new AliasRejectingParser(MAPPER.createParser(text))) {
            JsonNode root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "holds a second YAML document; only one is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw error.apply(file + ": " + syntaxProblem(e) + unquotedReferenceHint(text, e), e);
        } catch (IOException e) {
            throw error.apply(file + ": cannot be read: " + Printable.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * The file's text, read whole but bounded (a runaway value would otherwise exhaust the heap before the parser's
     * own limits see it) and decoded strictly, so that a Latin-1 or UTF-16 file is named as such, with its line.
     */
    private static String readText(Path file, BiFunction<String, Throwable, ? extends InvalidInputException> error) {
        if (Files.isDirectory(file)) {
            throw error.apply(file + ": is a folder, not a file", null);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw error.apply(file + ": no such file", e);
        } catch (IOException e) {
            throw error.apply(file + ": cannot be read: " + Printable.oneLine(String.valueOf(e.getMessage())), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw error.apply(file + ": is larger than " + MAX_BYTES / (1024 * 1024) + " MiB, far more than any"
                    + " manifest or configuration", null);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
            throw error.apply(file + ": line " + lineAt(bytes, in.position()) + ": is not valid UTF-8 (byte "
                    + (in.position() + 1) + "); save the file as UTF-8", null);
        }
        out.flip();
        return out.length() > 0 && out.charAt(0) == BYTE_ORDER_MARK ? out.subSequence(1, out.length()).toString()
                : out.toString();
    }

    private static int lineAt(byte[] bytes, int position) {
        int line = 1;
        for (int i = 0; i < position; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** "line 3: expected ',' or ']', but got :" from whichever of SnakeYAML or Jackson noticed the problem. */
    private static String syntaxProblem(JsonProcessingException e) {
        OptionalInt line = problemLine(e);
        String where = line.isPresent() ? "line " + line.getAsInt() + ": " : "";
        return where + snakeYamlProblem(e)
                .map(marked -> marked.getProblem() != null ? marked.getProblem() : marked.getContext())
                .map(problem -> Printable.oneLine(String.valueOf(problem)))
                .orElseGet(() -> Printable.oneLine(String.valueOf(e.getOriginalMessage())));
    }

    /** The line (from 1) SnakeYAML marks as the problem's, else where Jackson's parser stood. */
    private static OptionalInt problemLine(JsonProcessingException e) {
        Optional<MarkedYAMLException> marked = snakeYamlProblem(e);
        if (marked.isPresent()) {
            Mark mark = marked.get().getProblemMark() != null ? marked.get().getProblemMark()
                    : marked.get().getContextMark();
            return mark == null ? OptionalInt.empty() : OptionalInt.of(mark.getLine() + 1);
        }
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? OptionalInt.empty()
                : OptionalInt.of(e.getLocation().getLineNr());
    }

    private static Optional<MarkedYAMLException> snakeYamlProblem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                return Optional.of(marked);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code user: ${NAME}} is fine in a block mapping, but inside {@code { }} or {@code [ ]} YAML reads the
     * reference's brace as the start of a nested mapping: a syntax error that names a brace, not the missing quotes.
     */
    /** From the text already read: the file may be a pipe, which a second open would wait on for ever. */
    private static String unquotedReferenceHint(String text, JsonProcessingException e) {
        OptionalInt line = problemLine(e);
        if (line.isEmpty()) {
            return "";
        }
        boolean unquoted = text.lines().skip(line.getAsInt() - 1L).findFirst()
                .filter(problem -> UNQUOTED_REFERENCE.matcher(problem).find())
                .isPresent();
        return unquoted ? "; quote ${NAME} references inside { } or [ ]: user: \"${NAME}\"" : "";
    }

    private static YAMLFactory newFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
    }

    private static final class AliasRejectingParser extends JsonParserDelegate {
        AliasRejectingParser(JsonParser yamlParser) {
            super(yamlParser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            if (delegate() instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                throw new JsonParseException(this, "YAML aliases are not supported (found *"
                        + Printable.oneLine(yaml.getText()) + "); write the value out");
            }
            return token;
        }
    }
}
