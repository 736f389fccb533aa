package dev.saasextract.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadedAtFormTest {

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "float", "NUMBER(38,0)", "NUMBER(38, 6)", "DOUBLE", "DOUBLE PRECISION", "REAL",
        "DECIMAL(18,3)", "BIGINT"})
    void aNumericColumnAsGitlabsPipelineCreatesItKeepsEpochSeconds(String storedType) {
        assertEquals(UploadedAtForm.EPOCH_SECONDS, UploadedAtForm.following(Optional.of(storedType)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TIMESTAMP_TZ(9)", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NTZ(9)", "VARCHAR(16777216)",
        "TEXT"})
    void anyOtherColumnKeepsTheTimestamp(String storedType) {
        assertEquals(UploadedAtForm.TIMESTAMP, UploadedAtForm.following(Optional.of(storedType)));
    }

    @Test
    void aTableWithoutTheColumnGetsTheTimestamp() {
        assertEquals(UploadedAtForm.TIMESTAMP, UploadedAtForm.following(Optional.empty()));
    }

    @Test
    void valuesAreTheInstantOrItsEpochSecondsWithTheirFraction() {
        Instant at = Instant.parse("2024-01-01T00:00:00.123456Z");
        assertEquals(at, UploadedAtForm.TIMESTAMP.value(at));
        assertEquals(1_704_067_200.123456, (Double) UploadedAtForm.EPOCH_SECONDS.value(at), 1e-6);
        assertEquals(ColumnType.Kind.DOUBLE, UploadedAtForm.EPOCH_SECONDS.column().type().kind());
        assertEquals(ToolColumns.UPLOADED_AT, UploadedAtForm.EPOCH_SECONDS.column().name());
    }
}
