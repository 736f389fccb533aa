package dev.saasextract.seeds;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.manifest.TableSpec;
import java.net.URI;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the {@code {INTERNAL_*}} placeholders of a table's {@code additional_filtering} from GitLab's dbt seed files,
 * e.g. {@code AND project_id IN {INTERNAL_PROJECT_IDS}} becomes {@code AND project_id IN (278964, 13083)}. Unlike
 * GitLab's pipeline, which downloads all twelve files on every load, only the files a placeholder in use needs are
 * read, each once.
 */
public final class InternalLists {
    private static final Logger LOG = LoggerFactory.getLogger(InternalLists.class);
    /** What {@link #fillWithStandIns} puts in place of every list: the SQL parses, no value is read. */
    static final String STAND_IN = "(NULL)";
    private static final Pattern FORMAT_TOKEN = Pattern.compile("\\{\\{|}}|\\{([A-Z][A-Z0-9_]*)}");

    private final SeedLocations locations;
    private final SeedFiles files;
    private final Map<URI, byte[]> read = new HashMap<>();
    private final Map<InternalList, String> rendered = new EnumMap<>(InternalList.class);

    public InternalLists(SeedLocations locations, SeedFiles files) {
        this.locations = requireNonNull(locations, "locations is null");
        this.files = requireNonNull(files, "files is null");
    }

    /** The table with every internal-list placeholder of its {@code additional_filtering} filled. */
    public TableSpec fill(TableSpec table) {
        return fill(table, this::sqlList);
    }

    /** The same without reading any seed file, for checks of the SQL alone ({@code extract validate}). */
    public static TableSpec fillWithStandIns(TableSpec table) {
        return fill(table, list -> STAND_IN);
    }

    /**
     * One left-to-right pass, as Python's {@code str.format} reads GitLab's {@code additional_filtering}: {@code {{}
     * and {@code }}} are literal braces, {@code {NAME}} is a placeholder. Other placeholders are left as written, for
     * the query builder to refuse by name.
     */
    private static TableSpec fill(TableSpec table, Function<InternalList, String> sqlList) {
        String filtering = FORMAT_TOKEN.matcher(table.additionalFiltering()).replaceAll(token -> {
            String replacement = switch (token.group()) {
                case "{{" -> "{";
                case "}}" -> "}";
                default -> InternalList.named(token.group(1)).map(sqlList).orElse(token.group());
            };
            return Matcher.quoteReplacement(replacement);
        });
        return filtering.equals(table.additionalFiltering()) ? table : table.withAdditionalFiltering(filtering);
    }

    /** {@code (v1, v2, ...)}: every seed file's values in order, duplicates dropped. */
    synchronized String sqlList(InternalList list) {
        return rendered.computeIfAbsent(list, this::render);
    }

    private String render(InternalList list) {
        Set<String> literals = new LinkedHashSet<>();
        int fileCount = 0;
        for (InternalList.SeedColumn column : list.columns()) {
            for (URI location : locations.of(column.kind())) {
                byte[] content = read.computeIfAbsent(location, l -> files.read(l, column.kind()));
                literals.addAll(SeedCsv.literals(content, location, column.kind(), column.name(), list.ids()));
                fileCount++;
            }
        }
        if (literals.isEmpty()) {
            String where = list.columns().stream().map(c -> c.kind().configKey()).distinct()
                    .collect(Collectors.joining(" and "));
            throw new ConfigException(list.placeholder() + ": the seed files hold no values (" + fileCount
                    + " file(s) under " + where + "); an empty list would filter out every row");
        }
        LOG.info("{}: {} value(s) from {} seed file(s)", list.placeholder(), literals.size(), fileCount);
        return "(" + String.join(", ", literals) + ")";
    }
}
