package dev.saasextract.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

class ConditionRepairTest {

    /** When this fails the parser was fixed: delete ConditionRepair and its calls. */
    @Test
    void jsqlParserStillMisparsesIn() throws JSQLParserException {
        Expression parsed = CCJSqlParserUtil.parseCondExpression("a IN (1) AND b = 2", false);

        InExpression in = assertInstanceOf(InExpression.class, parsed);
        assertInstanceOf(AndExpression.class, in.getRightExpression());
    }

    @Test
    void givesTheSwallowedListBackToItsIn() throws JSQLParserException {
        AndExpression and = assertInstanceOf(AndExpression.class, repaired("a IN (1) AND b = 2"));

        InExpression in = assertInstanceOf(InExpression.class, and.getLeftExpression());
        assertEquals("a IN (1)", in.toString());
        assertEquals("b = 2", and.getRightExpression().toString());
    }

    @Test
    void appliesAndBeforeOr() throws JSQLParserException {
        OrExpression or = assertInstanceOf(OrExpression.class, repaired("x = 1 AND a NOT IN (1, 2) OR b = 2"));

        assertEquals("x = 1 AND a NOT IN (1, 2)", or.getLeftExpression().toString());
        assertInstanceOf(AndExpression.class, or.getLeftExpression());
        assertEquals("b = 2", or.getRightExpression().toString());
    }

    @Test
    void keepsNotOnItsOwnOperand() throws JSQLParserException {
        AndExpression and = assertInstanceOf(AndExpression.class, repaired("NOT a IN (1) AND b = 2"));

        assertInstanceOf(NotExpression.class, and.getLeftExpression());
        assertEquals("b = 2", and.getRightExpression().toString());
    }

    @Test
    void repairsInsideParenthesesAndPrintsTheSameText() throws JSQLParserException {
        String condition = "a IN (SELECT y FROM t WHERE z IN (1) AND w = 2) AND (b IN (2) OR c = 3) AND d IN (4) AND e = 5";

        Expression repaired = repaired(condition);

        assertEquals(condition, repaired.toString());
        AndExpression top = assertInstanceOf(AndExpression.class, repaired);
        assertEquals("e = 5", top.getRightExpression().toString());
        AndExpression rest = assertInstanceOf(AndExpression.class, top.getLeftExpression());
        assertEquals("d IN (4)", rest.getRightExpression().toString());
    }

    private static Expression repaired(String condition) throws JSQLParserException {
        return ConditionRepair.repair(CCJSqlParserUtil.parseCondExpression(condition, false));
    }
}
