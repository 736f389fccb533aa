package dev.saasextract.source;

import dev.saasextract.manifest.TableSpec;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * Removes the time-window predicates from a parsed WHERE tree: every AND-conjunct (found by recursing through AND
 * and parentheses) that mentions a placeholder of {@link TableSpec#TIME_WINDOW_PLACEHOLDERS} is dropped whole; every
 * other conjunct is kept untouched.
 */
final class TimeWindowConditions {

    private TimeWindowConditions() {
    }

    /** The condition without its time-window conjuncts; empty when nothing else remains. */
    static Optional<Expression> remove(Expression condition, TableSpec table) {
        if (condition instanceof AndExpression and) {
            return and(remove(and.getLeftExpression(), table), remove(and.getRightExpression(), table));
        }
        if (condition instanceof ParenthesedExpressionList<?> parentheses && parentheses.size() == 1) {
            return remove(parentheses.get(0), table).map(ParenthesedExpressionList::new);
        }
        if (!mentionsTimeWindow(condition)) {
            return Optional.of(condition);
        }
        rejectWindowInsideOr(condition, table);
        return Optional.empty();
    }

    /** ANDs two optional conditions, parenthesising an operand that binds looser than AND. */
    static Optional<Expression> and(Optional<Expression> left, Optional<Expression> right) {
        if (left.isEmpty()) {
            return right;
        }
        if (right.isEmpty()) {
            return left;
        }
        return Optional.of(new AndExpression(asConjunct(left.get()), asConjunct(right.get())));
    }

    /**
     * Placeholders only occur inside string literals (e.g. {@code '{BEGIN_TIMESTAMP}'::timestamp}), never as
     * identifiers, so searching the printed form of one parsed node is exact for that node.
     */
    static boolean mentionsTimeWindow(Expression node) {
        String printed = node.toString();
        return TableSpec.TIME_WINDOW_PLACEHOLDERS.stream().anyMatch(printed::contains);
    }

    private static Expression asConjunct(Expression operand) {
        boolean bindsLooserThanAnd = operand instanceof OrExpression || operand instanceof XorExpression;
        return bindsLooserThanAnd ? new ParenthesedExpressionList<>(operand) : operand;
    }

    /**
     * Dropping {@code (state = 'open' OR updated_at > '{BEGIN_TIMESTAMP}')} would also drop {@code state = 'open'}, a
     * condition that is not part of the time window, so such a conjunct is an error rather than a guess.
     */
    private static void rejectWindowInsideOr(Expression conjunct, TableSpec table) {
        conjunct.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(OrExpression or, S context) {
                rejectIfWindow(or);
                return super.visit(or, context);
            }

            @Override
            public <S> Void visit(XorExpression xor, S context) {
                rejectIfWindow(xor);
                return super.visit(xor, context);
            }

            private void rejectIfWindow(Expression disjunction) {
                if (mentionsTimeWindow(disjunction)) {
                    throw ManifestFaults.at(table, ManifestFaults.IMPORT_QUERY,
                            "time-window placeholder inside OR cannot be removed for a full-range read: " + disjunction);
                }
            }
        }, null);
    }
}
