package dev.saasextract.source;

import static dev.saasextract.source.ManifestFaults.ADDITIONAL_FILTERING;
import static dev.saasextract.source.ManifestFaults.IMPORT_QUERY;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.seeds.InternalList;
import dev.saasextract.sql.SqlIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Rewrites a manifest query through its parse tree (JSqlParser), never by cutting its text.
 */
public final class SourceQueries {

    private SourceQueries() {
    }

    /**
     * The manifest query without its time-window predicates, with {@code additional_filtering} applied: it returns
     * every row the manifest query could return over any time window. Used by backfills and the deletes key export.
     *
     * @throws dev.saasextract.errors.ManifestException naming the table and the manifest key at fault
     */
    public static String fullRangeQuery(TableSpec table) {
        try {
            PlainSelect select = parseSelect(table);
            Optional<Expression> kept = where(select).flatMap(where -> TimeWindowConditions.remove(where, table));
            String sql = printWithAdditionalFiltering(select, kept, table);
            requireNoTimeWindowLeft(table, sql);
            return sql;
        } catch (StackOverflowError e) {
            throw nestedTooDeeply(table);
        }
    }

    /**
     * The rows every load of the table selects (backfills, incremental loads by id and deletes key exports all read
     * {@link #fullRangeQuery}), whatever their columns: that query with {@code *} for its select list. A column added
     * to or dropped from the query leaves it as it is; a changed FROM, WHERE or {@code additional_filtering} does not.
     * Recorded when a load starts; see {@link #sameRows}.
     *
     * @throws dev.saasextract.errors.ManifestException naming the table and the manifest key at fault
     */
    public static String rowSource(TableSpec table) {
        return selectingAll(fullRangeQuery(table)).orElseThrow(() -> ManifestFaults.at(table, IMPORT_QUERY,
                "cannot parse the query it becomes once additional_filtering is applied"));
    }

    /**
     * Whether a {@link #rowSource} recorded by this or an earlier version selects the rows {@code current} does. The
     * recorded text is parsed and printed again first, so that a change in how the parser prints SQL is not taken for
     * a change of rows. Empty when the recorded text no longer parses.
     */
    public static Optional<Boolean> sameRows(String recorded, String current) {
        return selectingAll(recorded).map(current::equals);
    }

    private static Optional<String> selectingAll(String sql) {
        try {
            if (CCJSqlParserUtil.parse(sql) instanceof PlainSelect select) {
                select.setSelectItems(new ArrayList<>(List.of(SelectItem.from(new AllColumns()))));
                return Optional.of(select.toString());
            }
            return Optional.empty();
        } catch (JSQLParserException e) {
            return Optional.empty();
        }
    }

    /**
     * The deletes process's key export: the primary key of every row {@link #fullRangeQuery} covers, so that
     * {@code additional_filtering} applies but the time window does not.
     */
    public static String keysQuery(TableSpec table) {
        return projection(fullRangeQuery(table), List.of(table.primaryKey()));
    }

    /** The rows of {@code query} with only {@code columns}, in that order. */
    public static String projection(String query, List<String> columns) {
        return "SELECT " + columns.stream().map(SqlIdentifiers::quoted).collect(Collectors.joining(", ")) + " FROM ("
                + query + ") AS source_rows";
    }

    /**
     * The query a regular load runs: the manifest query with each placeholder inside a string literal replaced by
     * its value, and {@code additional_filtering} applied as in {@link #fullRangeQuery}. A query without
     * placeholders (a snapshot table) comes back with only the filtering applied.
     *
     * @param values placeholder values keyed by name without braces, e.g. {@code BEGIN_TIMESTAMP -> 2024-01-01T09:30:00}
     * @throws dev.saasextract.errors.ManifestException when a placeholder is outside a string literal or has no value
     * @throws IllegalArgumentException when a value holds a character outside {@code [0-9A-Za-z:.+\- ]}
     */
    public static String windowedQuery(TableSpec table, Map<String, String> values) {
        String sql;
        try {
            PlainSelect select = parseSelect(table);
            PlaceholderFilling.fill(select, table, values);
            sql = printWithAdditionalFiltering(select, where(select), table);
        } catch (StackOverflowError e) {
            throw nestedTooDeeply(table);
        }
        Matcher left = PlaceholderFilling.PLACEHOLDER.matcher(sql);
        if (left.find()) {
            throw ManifestFaults.at(table, IMPORT_QUERY, "placeholder " + left.group()
                    + " is outside a string literal; write it quoted, e.g. '" + left.group() + "'::timestamp");
        }
        return sql;
    }

    /** The table of the query's FROM clause, as written (schema-qualified when the query qualifies it). */
    public static String sourceTable(TableSpec table) {
        PlainSelect select = parseSelect(table);
        if (select.getFromItem() instanceof Table from) {
            return from.getFullyQualifiedName();
        }
        throw ManifestFaults.at(table, IMPORT_QUERY, "FROM must name a table, found: " + select.getFromItem());
    }

    private static Optional<Expression> where(PlainSelect select) {
        return Optional.ofNullable(select.getWhere()).map(ConditionRepair::repair);
    }

    private static String printWithAdditionalFiltering(PlainSelect select, Optional<Expression> where, TableSpec table) {
        select.setWhere(TimeWindowConditions.and(where, additionalFiltering(table)).orElse(null));
        return select.toString();
    }

    /** The parser and the rewrites recurse once per nested expression: thousands of ANDs overflow the stack. */
    private static RuntimeException nestedTooDeeply(TableSpec table) {
        return ManifestFaults.at(table, IMPORT_QUERY, (table.additionalFiltering().isEmpty() ? "" : "with its "
                + ADDITIONAL_FILTERING + ", ") + "nests too deeply to parse and rewrite (thousands of conditions or"
                + " parentheses); simplify it");
    }

    private static PlainSelect parseSelect(TableSpec table) {
        rejectPlaceholders(table, IMPORT_QUERY, table.importQuery(), true);
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(literalPercent(table.importQuery()));
        } catch (JSQLParserException e) {
            throw ManifestFaults.at(table, IMPORT_QUERY, "cannot parse: " + ManifestFaults.firstLine(e), e);
        }
        if (statements == null) { // what the parser returns when it gives up, e.g. on parentheses nested too deeply
            throw ManifestFaults.at(table, IMPORT_QUERY, "cannot parse: the parser gave up (parentheses nested too"
                    + " deeply?); simplify it");
        }
        // A single parse would read the first statement and ignore the rest, e.g. "SELECT ...; DROP TABLE x".
        if (statements.size() != 1) {
            throw ManifestFaults.at(table, IMPORT_QUERY, "must be exactly one SELECT statement, found "
                    + statements.size() + " statements separated by ';'");
        }
        Statement statement = statements.get(0);
        if (statement instanceof PlainSelect select) {
            return select;
        }
        throw ManifestFaults.at(table, IMPORT_QUERY,
                "must be one plain SELECT (no UNION, DML or parenthesised query), found " + kindOf(statement));
    }

    private static String kindOf(Statement statement) {
        return switch (statement.getClass().getSimpleName()) {
            case "SetOperationList" -> "a UNION, INTERSECT or EXCEPT";
            case "ParenthesedSelect" -> "a parenthesised query";
            case "Insert", "Update", "Delete", "Merge", "Upsert", "Truncate", "Drop", "Alter", "Execute" ->
                    "a " + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT) + " statement";
            default -> "a " + statement.getClass().getSimpleName() + " statement";
        };
    }

    /**
     * The fragment ({@code AND a AND b ...}) is parsed behind a {@code TRUE} sentinel, exactly as GitLab appended it
     * to the query. A parse whose top node is not that AND chain (e.g. {@code AND a OR b}) would change meaning once
     * re-attached, so it is an error.
     */
    private static Optional<Expression> additionalFiltering(TableSpec table) {
        rejectPlaceholders(table, ADDITIONAL_FILTERING, table.additionalFiltering(), false);
        String fragment = literalPercent(table.additionalFiltering());
        if (fragment.isEmpty()) {
            return Optional.empty();
        }
        Expression parsed;
        try {
            parsed = CCJSqlParserUtil.parseCondExpression("TRUE " + fragment, false);
        } catch (JSQLParserException e) {
            throw ManifestFaults.at(table, ADDITIONAL_FILTERING,
                    "cannot parse as 'AND <condition>': " + ManifestFaults.firstLine(e), e);
        }
        return Optional.of(withoutSentinel(ConditionRepair.repair(parsed), table));
    }

    private static Expression withoutSentinel(Expression parsed, TableSpec table) {
        if (parsed instanceof AndExpression and) {
            if (and.getLeftExpression() instanceof AndExpression leftChain) {
                return new AndExpression(withoutSentinel(leftChain, table), and.getRightExpression());
            }
            if (and.getLeftExpression() instanceof BooleanValue) {
                return and.getRightExpression();
            }
        }
        throw ManifestFaults.at(table, ADDITIONAL_FILTERING,
                "must be 'AND <condition>' with no top-level OR (wrap alternatives in parentheses): "
                        + table.additionalFiltering());
    }

    private static void rejectPlaceholders(TableSpec table, String manifestKey, String text, boolean timeWindowAllowed) {
        Matcher placeholder = PlaceholderFilling.PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            String name = placeholder.group();
            if (timeWindowAllowed && TableSpec.TIME_WINDOW_PLACEHOLDERS.contains(name)) {
                continue;
            }
            if (InternalList.named(placeholder.group(1)).isPresent()) {
                throw ManifestFaults.at(table, manifestKey, timeWindowAllowed
                        ? name + " is filled in additional_filtering only, as GitLab's pipeline fills it; move the"
                                + " condition there"
                        : name + " was not filled from the seed files (internal_lists)");
            }
            throw ManifestFaults.at(table, manifestKey, "unsupported placeholder " + name
                    + (timeWindowAllowed ? "" : " (time-window placeholders belong in import_query)"));
        }
    }

    private static void requireNoTimeWindowLeft(TableSpec table, String sql) {
        for (String placeholder : TableSpec.TIME_WINDOW_PLACEHOLDERS) {
            if (sql.contains(placeholder)) {
                throw ManifestFaults.at(table, IMPORT_QUERY, "time-window placeholder " + placeholder
                        + " is outside a removable top-level WHERE condition (select list, join condition, FROM subquery,"
                        + " GROUP BY/HAVING or ORDER BY)");
            }
        }
    }

    /** Manifests escape '%' as '%%' (a pyformat convention of GitLab's pipeline); Postgres must see a single '%'. */
    private static String literalPercent(String sql) {
        return sql.replace("%%", "%");
    }
}
