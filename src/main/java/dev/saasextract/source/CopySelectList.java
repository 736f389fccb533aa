package dev.saasextract.source;

import static dev.saasextract.sql.SqlIdentifiers.quoted;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The select list of a binary COPY: every column of the query by name, in order. A column the tool carries as TEXT
 * whose binary send format is not its text (interval, inet, money, enums, timetz, domains, …) is cast to text, so
 * the binary COPY carries the same text pgjdbc's getString reads (the server's output function, in this session's
 * settings) and the Parquet side decodes every TEXT value as UTF-8 bytes.
 */
final class CopySelectList {
    /** Types whose binary send format is their text, as UTF-8 (pgjdbc sets client_encoding). */
    private static final Set<String> TEXT_SEND_TYPES = Set.of("text", "varchar", "bpchar", "name", "citext");

    private CopySelectList() {
    }

    /** {@code COPY (SELECT <columns> FROM <from>) TO STDOUT (FORMAT binary)}; {@code from} names the source {@code src}. */
    static String copyStatement(List<ColumnSpec> columns, String from) {
        return "COPY (SELECT " + columns.stream().map(CopySelectList::item).collect(Collectors.joining(", "))
                + " FROM " + from + ") TO STDOUT (FORMAT binary)";
    }

    /**
     * Types whose cast to text is not their output function, and the function that is: for historical reasons
     * {@code inet::text} always shows the netmask, while Postgres documents {@code abbrev(inet)} as the output.
     */
    private static final Map<String, String> OUTPUT_FUNCTIONS = Map.of("inet", "abbrev");

    private static String item(ColumnSpec column) {
        String item = "src." + quoted(column.name());
        ColumnType type = column.type();
        if (type.kind() == Kind.ARRAY && needsText(type.element())) {
            return textArray(item, type.element().sourceName());
        }
        return needsText(type) ? asText(item, type.sourceName()) : item;
    }

    private static String asText(String value, String type) {
        String function = OUTPUT_FUNCTIONS.get(type);
        return function == null ? value + "::text" : function + "(" + value + ")";
    }

    /**
     * Element by element, NULL elements and a NULL array kept. A multi-dimensional array is only cast, so that it
     * stays multi-dimensional and is refused, as multi-dimensional arrays are.
     */
    private static String textArray(String array, String elementType) {
        if (!OUTPUT_FUNCTIONS.containsKey(elementType)) {
            return array + "::text[]";
        }
        return "CASE WHEN array_ndims(" + array + ") > 1 THEN " + array + "::text[] WHEN " + array
                + " IS NOT NULL THEN ARRAY(SELECT " + asText("e", elementType) + " FROM unnest(" + array
                + ") WITH ORDINALITY AS u(e, n) ORDER BY n) END";
    }

    private static boolean needsText(ColumnType type) {
        return type.kind() == Kind.TEXT && !TEXT_SEND_TYPES.contains(type.sourceName());
    }
}
