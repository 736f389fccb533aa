package dev.saasextract.parquet;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * Which Parquet columns get dictionary encoding. Building a dictionary costs a hash lookup per value and, for a
 * column of mostly distinct values (keys, timestamps, hashes, JSON), a wasted dictionary plus a fallback to plain
 * encoding per column chunk; that was the largest share of the writer's CPU. So only kinds that usually repeat get
 * one, and the constant tool columns, which hold one value per file.
 */
final class DictionaryEncoding {

    private DictionaryEncoding() {
    }

    /** Dot-separated Parquet column paths, as {@code ParquetWriter.Builder#withDictionaryEncoding(String, boolean)} takes. */
    static List<String> dictionaryColumns(List<ColumnSpec> columns, List<ConstantColumn> constants) {
        List<String> paths = new ArrayList<>();
        for (ColumnSpec column : columns) {
            if (pays(column.type())) {
                paths.add(path(column));
            }
        }
        for (ConstantColumn constant : constants) {
            paths.add(path(constant.column()));
        }
        return List.copyOf(paths);
    }

    static boolean pays(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN, SMALLINT, TEXT -> true;
            case ARRAY -> pays(type.element());
            default -> false;
        };
    }

    private static String path(ColumnSpec column) {
        if (column.type().kind() == ColumnType.Kind.ARRAY) {
            return String.join(".", column.name(), ParquetSchemas.LIST_FIELD, ParquetSchemas.ELEMENT_FIELD);
        }
        return column.name();
    }
}
