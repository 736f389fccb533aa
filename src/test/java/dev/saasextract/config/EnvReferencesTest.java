package dev.saasextract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvReferencesTest {

    private final EnvReferences references = new EnvReferences(Map.of("HOST", "db.internal", "EMPTY", ""));

    @Test
    void fillsEveryReference() {
        assertEquals("jdbc:postgresql://db.internal:5432/x", references.resolve("jdbc:postgresql://${HOST}:5432/x"));
        assertEquals("db.internal/db.internal", references.resolve("${HOST}/${HOST}"));
        assertEquals("", references.resolve("${EMPTY}"));
    }

    @Test
    void dollarDollarBraceIsALiteralAndLoneDollarsStay() {
        assertEquals("${HOST} costs $5", references.resolve("$${HOST} costs $5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "${HOST}", "$${HOST}", "$$${HOST}", "a$b${c", "$"})
    void escapedTextResolvesBackToItself(String literal) {
        assertEquals(literal, references.resolve(EnvReferences.escape(literal)));
    }

    @Test
    void unsetVariableIsNamed() {
        EnvReferences.UnresolvedReference error =
                assertThrows(EnvReferences.UnresolvedReference.class, () -> references.resolve("${GITLAB_COM_DB_PASS}"));

        assertEquals("environment variable GITLAB_COM_DB_PASS is not set", error.getMessage());
    }

    @Test
    void invalidNameIsNotRepeated() {
        EnvReferences.UnresolvedReference error =
                assertThrows(EnvReferences.UnresolvedReference.class, () -> references.resolve("${hunter 2}"));

        assertFalse(error.getMessage().contains("hunter"), error.getMessage());
    }

    @Test
    void singleReferenceIsRecognised() {
        assertTrue(EnvReferences.isSingleReference("${GITLAB_COM_DB_PASS}"));
        assertFalse(EnvReferences.isSingleReference("x${GITLAB_COM_DB_PASS}"));
        assertFalse(EnvReferences.isSingleReference("${A}${B}"));
        assertFalse(EnvReferences.isSingleReference("hunter2"));
    }
}
