package dev.saasextract.source;

import static java.util.Objects.requireNonNull;

import dev.saasextract.manifest.TableSpec;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Fills GitLab's {@code {NAME}} placeholders with their values, only inside the string literals of a parsed query
 * ({@code '{BEGIN_TIMESTAMP}'::timestamp}, {@code interval '{HOURS} hours'}), so a value can never become SQL
 * syntax. A placeholder anywhere else is left as it is for the caller to reject.
 *
 * <p>It extends {@link TablesNamesFinder} because that is JSqlParser's one visitor that walks every node of a
 * statement (select list, joins, subqueries, CASE, casts); the tables it collects on the way are not used.
 */
final class PlaceholderFilling extends TablesNamesFinder<Void> {
    /** GitLab's placeholders are upper case; lower-case braces such as the JSON path '{a}' are left alone. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z][A-Z0-9_]*)}");

    /** Values come from parsed instants and integers; this is a second line of defence, not the validation. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[0-9A-Za-z:.+\\- ]*");

    private final TableSpec table;
    private final Map<String, String> values;

    private PlaceholderFilling(TableSpec table, Map<String, String> values) {
        this.table = table;
        this.values = values;
    }

    /**
     * @param values placeholder values keyed by name without braces, e.g. {@code HOURS -> 96}
     * @throws IllegalArgumentException when a value holds a character outside {@code [0-9A-Za-z:.+\- ]}
     * @throws dev.saasextract.errors.ManifestException when a literal holds a placeholder without a value
     */
    static void fill(Statement statement, TableSpec table, Map<String, String> values) {
        requireNonNull(values, "values is null");
        values.forEach((name, value) -> {
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("placeholder value for " + name
                        + " holds a character outside [0-9A-Za-z:.+\\- ]");
            }
        });
        new PlaceholderFilling(table, values).getTables(statement);
    }

    @Override
    public <S> Void visit(StringValue literal, S context) {
        literal.setValue(filled(literal.getValue()));
        return null;
    }

    /** JSqlParser keeps the literal of {@code interval '96 hours'} as raw text, quotes included. */
    @Override
    public <S> Void visit(IntervalExpression interval, S context) {
        String parameter = interval.getParameter();
        if (parameter != null && parameter.length() >= 2 && parameter.startsWith("'") && parameter.endsWith("'")) {
            interval.setParameter(filled(parameter));
        }
        return super.visit(interval, context);
    }

    private String filled(String literal) {
        Matcher placeholder = PLACEHOLDER.matcher(literal);
        StringBuilder result = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw ManifestFaults.at(table, ManifestFaults.IMPORT_QUERY, "placeholder " + placeholder.group()
                        + " has no value in this load (it has values for: " + givenNames() + ")");
            }
            placeholder.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(result);
        return result.toString();
    }

    private String givenNames() {
        return values.isEmpty() ? "none" : values.keySet().stream().sorted().collect(Collectors.joining(", "));
    }
}
