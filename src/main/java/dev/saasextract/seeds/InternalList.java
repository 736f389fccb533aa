package dev.saasextract.seeds;

import java.util.List;
import java.util.Optional;

/**
 * The placeholders GitLab's manifests use in {@code additional_filtering} to keep a table to GitLab's own projects
 * and groups, e.g. {@code AND project_id IN {INTERNAL_PROJECT_IDS}}. Each is filled with a parenthesised SQL list of
 * one or two seed columns, as GitLab's pipeline fills it.
 */
public enum InternalList {
    INTERNAL_NAMESPACE_IDS(true, new SeedColumn(SeedKind.NAMESPACES, "namespace_id")),
    INTERNAL_PROJECT_IDS(true, new SeedColumn(SeedKind.PROJECTS, "project_id")),
    INTERNAL_PROJECT_PATHS(false, new SeedColumn(SeedKind.PROJECTS, "project_path")),
    INTERNAL_NAMESPACE_PATHS(false, new SeedColumn(SeedKind.NAMESPACES, "namespace_path")),
    INTERNAL_PATHS(false, new SeedColumn(SeedKind.NAMESPACES, "namespace_path"),
            new SeedColumn(SeedKind.PROJECTS, "project_path"));

    /** One column of every seed file of a kind. */
    public record SeedColumn(SeedKind kind, String name) {
    }

    private final boolean ids;
    private final List<SeedColumn> columns;

    InternalList(boolean ids, SeedColumn... columns) {
        this.ids = ids;
        this.columns = List.of(columns);
    }

    /** Integer ids rendered bare; otherwise paths rendered as string literals. */
    public boolean ids() {
        return ids;
    }

    public List<SeedColumn> columns() {
        return columns;
    }

    /** The placeholder as a manifest writes it, e.g. {@code {INTERNAL_PROJECT_IDS}}. */
    public String placeholder() {
        return "{" + name() + "}";
    }

    public static Optional<InternalList> named(String name) {
        for (InternalList list : values()) {
            if (list.name().equals(name)) {
                return Optional.of(list);
            }
        }
        return Optional.empty();
    }
}
