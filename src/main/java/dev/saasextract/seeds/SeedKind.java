package dev.saasextract.seeds;

/** The two kinds of dbt seed file GitLab's internal lists come from, each with the columns it must have. */
public enum SeedKind {
    /** {@code project_path,project_id}: internal_gitlab_projects.csv and the projects_part_of_product files. */
    PROJECTS("internal_lists.projects"),
    /** {@code namespace_path,namespace_id}: internal_gitlab_namespaces.csv. */
    NAMESPACES("internal_lists.namespaces");

    private final String configKey;

    SeedKind(String configKey) {
        this.configKey = configKey;
    }

    /** Where extract.yaml lists these files, for error messages. */
    public String configKey() {
        return configKey;
    }
}
