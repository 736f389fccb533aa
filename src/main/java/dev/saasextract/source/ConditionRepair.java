package dev.saasextract.source;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * Works around a JSqlParser 5.3 bug: {@code a IN (1) AND b = 2} parses as {@code a IN ((1) AND b = 2)}, i.e.
 * everything after an IN list is swallowed into it (JSqlParser issues #2244, #2282, #2356; fixed after 5.3). The
 * printed SQL is right, but the tree would hide the AND/OR structure this package removes conjuncts from.
 *
 * <p>The repair lists the AND/OR operands in textual order (an in-order walk, with each swallowed IN list given back
 * to its IN) and rebuilds the tree with SQL precedence: NOT, then AND, then OR. Parenthesised groups are repaired
 * on their own. Printing the result gives the same text. Delete this class once the parser is upgraded; the test
 * {@code ConditionRepairTest#jsqlParserStillMisparsesIn} fails then.
 */
final class ConditionRepair {

    private enum Connective { AND, OR }

    private ConditionRepair() {
    }

    static Expression repair(Expression condition) {
        List<Expression> operands = new ArrayList<>();
        List<Connective> connectives = new ArrayList<>();
        flatten(condition, operands, connectives);
        return rebuild(operands, connectives);
    }

    private static void flatten(Expression node, List<Expression> operands, List<Connective> connectives) {
        if (node instanceof AndExpression and) {
            flatten(and.getLeftExpression(), operands, connectives);
            connectives.add(Connective.AND);
            flatten(and.getRightExpression(), operands, connectives);
        } else if (node instanceof OrExpression or) {
            flatten(or.getLeftExpression(), operands, connectives);
            connectives.add(Connective.OR);
            flatten(or.getRightExpression(), operands, connectives);
        } else if (node instanceof InExpression in && isConnective(in.getRightExpression())) {
            int first = operands.size();
            flatten(in.getRightExpression(), operands, connectives);
            in.setRightExpression(operands.get(first));
            operands.set(first, in);
        } else if (node instanceof NotExpression not) {
            // NOT binds tighter than AND and OR, so it only ever applies to the first operand of what it holds.
            int first = operands.size();
            flatten(not.getExpression(), operands, connectives);
            not.setExpression(operands.get(first));
            operands.set(first, not);
        } else if (node instanceof ParenthesedExpressionList<?> parentheses && parentheses.size() == 1) {
            operands.add(new ParenthesedExpressionList<>(repair(parentheses.get(0))));
        } else {
            operands.add(node);
        }
    }

    private static Expression rebuild(List<Expression> operands, List<Connective> connectives) {
        Expression disjunction = null;
        Expression conjunction = operands.get(0);
        for (int i = 0; i < connectives.size(); i++) {
            Expression next = operands.get(i + 1);
            if (connectives.get(i) == Connective.AND) {
                conjunction = new AndExpression(conjunction, next);
            } else {
                disjunction = disjunction == null ? conjunction : new OrExpression(disjunction, conjunction);
                conjunction = next;
            }
        }
        return disjunction == null ? conjunction : new OrExpression(disjunction, conjunction);
    }

    private static boolean isConnective(Expression node) {
        return node instanceof AndExpression || node instanceof OrExpression;
    }
}
