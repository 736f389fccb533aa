package dev.saasextract.seeds;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;

/**
 * Where the seed files behind the {@code {INTERNAL_*}} placeholders are read from: {@code https://}, {@code http://}
 * or {@code file://} locations, in the order their values are listed.
 */
public record SeedLocations(List<URI> projects, List<URI> namespaces) {

    private static final String GITLAB_SEEDS =
            "https://gitlab.com/gitlab-data/analytics/-/raw/master/transform/snowflake-dbt/seeds/";

    /** GitLab's analytics project, where its pipeline reads the same files from (in the same order). */
    public static final SeedLocations GITLAB = new SeedLocations(
            List.of(URI.create(GITLAB_SEEDS + "seed_engineering/projects_part_of_product_ops.csv"),
                    URI.create(GITLAB_SEEDS + "seed_engineering/projects_part_of_product.csv"),
                    URI.create(GITLAB_SEEDS + "seed_data/internal_gitlab_projects.csv")),
            List.of(URI.create(GITLAB_SEEDS + "seed_data/internal_gitlab_namespaces.csv")));

    public SeedLocations {
        projects = List.copyOf(requireNonNull(projects, "projects is null"));
        namespaces = List.copyOf(requireNonNull(namespaces, "namespaces is null"));
    }

    public List<URI> of(SeedKind kind) {
        return switch (kind) {
            case PROJECTS -> projects;
            case NAMESPACES -> namespaces;
        };
    }
}
