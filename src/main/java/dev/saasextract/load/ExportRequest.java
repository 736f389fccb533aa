package dev.saasextract.load;

import static java.util.Objects.requireNonNull;

import dev.saasextract.manifest.TableSpec;
import dev.saasextract.metadata.MetadataTable;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.UploadedAtForm;
import dev.saasextract.stage.LoadKind;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * One chunked export: which rows ({@code baseQuery}), keyed by the manifest's primary key, staged as which kind of
 * load in which folder, recorded in which metadata table, starting after which key, with {@code _uploaded_at} in the
 * target's form.
 */
record ExportRequest(TableSpec spec, String baseQuery, List<ColumnSpec> columns, LoadKind kind,
        MetadataTable metadataTable, Instant initialLoadStart, OptionalLong startAfter, UploadedAtForm uploadedAt) {
    ExportRequest {
        requireNonNull(spec, "spec is null");
        requireNonNull(baseQuery, "baseQuery is null");
        columns = List.copyOf(columns);
        requireNonNull(kind, "kind is null");
        requireNonNull(metadataTable, "metadataTable is null");
        requireNonNull(initialLoadStart, "initialLoadStart is null");
        requireNonNull(startAfter, "startAfter is null");
        requireNonNull(uploadedAt, "uploadedAt is null");
    }
}
