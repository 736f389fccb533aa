package dev.saasextract.config;

import static java.util.Objects.requireNonNull;

import dev.saasextract.config.yaml.Printable;
import dev.saasextract.config.yaml.SafeYaml;
import dev.saasextract.errors.ConfigException;
import dev.saasextract.seeds.SeedLocations;
import dev.saasextract.sql.JdbcUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.Driver;

/** Builds an {@link ExtractConfig} from extract.yaml, validating every section. */
final class ConfigReader {

    static final String METADATA_SCHEMA_VARIABLE = "GITLAB_METADATA_SCHEMA";

    private static final String POSTGRES_URL_PREFIX = "jdbc:postgresql:";
    private static final Set<String> DATABASE_KEYS = Set.of("url", "user", "password", "embedded", "database");
    private static final String STATEMENT_TIMEOUT = "statement_timeout";
    private static final Set<String> SOURCE_KEYS =
            Stream.concat(DATABASE_KEYS.stream(), Stream.of(STATEMENT_TIMEOUT)).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> METADATA_KEYS =
            Stream.concat(DATABASE_KEYS.stream(), Stream.of("schema")).collect(Collectors.toUnmodifiableSet());
    private static final String RETRY = "retry";
    private static final String MAX_ATTEMPTS = "max_attempts";
    private static final String INITIAL_BACKOFF = "initial_backoff";
    private static final String MAX_BACKOFF = "max_backoff";
    private static final String INTERNAL_LISTS = "internal_lists";
    private static final List<String> SECRET_PARAMETER_WORDS =
            List.of("token", "password", "pwd", "secret", "key", "sig");
    /** JDBC url parameters that hold a secret: pgjdbc's (ssl)password, Snowflake's token, passcode, key password. */
    private static final List<String> URL_SECRET_PARAMETER_WORDS =
            List.of("password", "pwd", "token", "secret", "passcode");
    private static final Set<String> WAREHOUSE_KEYS =
            Set.of("url", "user", "password", "private_key_file", "storage_integration");
    /**
     * {@code jdbc:snowflake://[https://]<host>[:<port>]}: the host (group 1) and the port as written (group 2); the
     * driver also takes the scheme spelled out.
     */
    private static final Pattern SNOWFLAKE_AUTHORITY =
            Pattern.compile(Pattern.quote(WarehouseConfig.SNOWFLAKE_URL_PREFIX)
                    + "//(?:https?://)?([^/?:#]*)(?::([^/?#]*))?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PORT = 65_535;

    private final Path file;
    private final Map<String, String> env;

    ConfigReader(Path file, Map<String, String> env) {
        this.file = requireNonNull(file, "file is null");
        this.env = requireNonNull(env, "env is null");
    }

    ExtractConfig read() {
        ConfigSection root = ConfigSection.root(
                file, SafeYaml.readMapping(file, ConfigException::new), new EnvReferences(env));
        root.allowOnly(Set.of("source", "metadata", "staging", "warehouse", RETRY, INTERNAL_LISTS));
        ConfigSection source = root.section("source");
        source.allowOnly(SOURCE_KEYS);
        ConfigSection metadata = root.section("metadata");
        metadata.allowOnly(METADATA_KEYS);
        URI staging = staging(root);
        WarehouseConfig warehouse = warehouse(root.section("warehouse"));
        requireReachableStaging(root, staging, warehouse);
        ExtractConfig config = new ExtractConfig(database(source), database(metadata), metadataSchema(metadata),
                staging, warehouse, statementTimeout(source), retry(root), internalLists(root));
        root.logWarnings();
        return config;
    }

    /** The warehouse loads the staged files itself: DuckDB reads local files only, Snowflake reads GCS only. */
    private static void requireReachableStaging(ConfigSection root, URI staging, WarehouseConfig warehouse) {
        boolean gcs = "gs".equals(staging.getScheme());
        if (warehouse.isDuckDb() && gcs) {
            throw root.error("staging", "DuckDB (warehouse.url " + WarehouseConfig.DUCKDB_URL_PREFIX
                    + "...) reads staged files from a local folder only; use file:///some/dir");
        }
        if (!warehouse.isDuckDb() && !gcs) {
            throw root.error("staging", "Snowflake loads staged files from GCS only; use gs://bucket");
        }
    }

    private DatabaseConfig database(ConfigSection section) {
        if (section.has("url") && section.has("embedded")) {
            throw section.error("takes url or embedded, not both");
        }
        if (!section.has("url") && !section.has("embedded")) {
            throw section.error("needs url (jdbc:postgresql://...) or embedded (a folder for an embedded Postgres)");
        }
        return section.has("url") ? remoteDatabase(section) : embeddedDatabase(section);
    }

    private DatabaseConfig remoteDatabase(ConfigSection section) {
        String url = section.requiredString("url");
        if (!url.startsWith(POSTGRES_URL_PREFIX)) {
            throw section.error("url", "must start with " + POSTGRES_URL_PREFIX);
        }
        rejectCredentialsInUrl(section, url);
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw section.error("url", "is not a valid PostgreSQL JDBC URL");
        }
        String database = parsed.getProperty("PGDBNAME", "");
        if (database.isEmpty()) {
            throw section.error("url", "must name the database, e.g. jdbc:postgresql://host:5432/gitlabhq_production");
        }
        if (section.has("database")) {
            throw section.error("database", "is only used with embedded; the url names the database");
        }
        String user = section.optionalString("user");
        String urlUser = parsed.getProperty("user");
        if (user != null && urlUser != null && !urlUser.equals(user)) {
            // pgjdbc lets the URL's user win over the one given beside it, silently
            throw section.error("url", "names user " + Printable.quoted(urlUser) + " but " + section.path()
                    + ".user is " + Printable.quoted(user) + "; the URL's would win: keep one");
        }
        return new DatabaseConfig(url, user, section.optionalSecret("password"), null, database);
    }

    private DatabaseConfig embeddedDatabase(ConfigSection section) {
        for (String key : new String[] {"user", "password"}) {
            if (section.has(key)) {
                throw section.error(key, "is not used with embedded");
            }
        }
        Path dataDir = section.resolveAgainstConfigFolder(
                nonBlank(section, "embedded", section.requiredString("embedded")));
        return DatabaseConfig.embedded(dataDir, nonBlank(section, "database", section.requiredString("database")));
    }

    private static Optional<Duration> statementTimeout(ConfigSection source) {
        String text = source.optionalString(STATEMENT_TIMEOUT);
        return text == null ? StatementTimeouts.DEFAULT : StatementTimeouts.parse(text, source, STATEMENT_TIMEOUT);
    }

    /** The optional {@code retry} section; each key left out keeps its default. */
    private static RetrySettings retry(ConfigSection root) {
        if (!root.has(RETRY)) {
            return RetrySettings.DEFAULT;
        }
        ConfigSection retry = root.section(RETRY);
        retry.allowOnly(Set.of(MAX_ATTEMPTS, INITIAL_BACKOFF, MAX_BACKOFF));
        RetrySettings defaults = RetrySettings.DEFAULT;
        int maxAttempts = retry.has(MAX_ATTEMPTS) ? maxAttempts(retry) : defaults.maxAttempts();
        Duration initial = retry.has(INITIAL_BACKOFF) ? backoff(retry, INITIAL_BACKOFF) : defaults.initialBackoff();
        Duration max = retry.has(MAX_BACKOFF) ? backoff(retry, MAX_BACKOFF) : defaults.maxBackoff();
        if (initial.compareTo(max) > 0) {
            throw retry.error(INITIAL_BACKOFF, "must not exceed max_backoff (" + Durations.format(max) + "); got "
                    + Durations.format(initial));
        }
        return new RetrySettings(maxAttempts, initial, max);
    }

    private static int maxAttempts(ConfigSection retry) {
        String text = retry.optionalNumberText(MAX_ATTEMPTS).strip();
        String problem = "must be a whole number of attempts from 1 (no retries) to " + RetrySettings.MAX_ATTEMPTS
                + ", got '" + Printable.oneLine(text) + "'";
        if (!text.matches("\\d{1,3}")) {
            throw retry.error(MAX_ATTEMPTS, problem);
        }
        int attempts = Integer.parseInt(text);
        if (attempts < 1 || attempts > RetrySettings.MAX_ATTEMPTS) {
            throw retry.error(MAX_ATTEMPTS, problem);
        }
        return attempts;
    }

    private static Duration backoff(ConfigSection retry, String key) {
        String text = retry.optionalNumberText(key).strip();
        return Durations.parse(text)
                .filter(duration -> duration.compareTo(RetrySettings.MAX_BACKOFF) <= 0)
                .orElseThrow(() -> retry.error(key, "must be " + Durations.FORMS + ", from 0ms to "
                        + Durations.format(RetrySettings.MAX_BACKOFF) + "; got '" + Printable.oneLine(text) + "'"));
    }

    /** The optional {@code internal_lists} section; a kind left out keeps GitLab's files. */
    private static SeedLocations internalLists(ConfigSection root) {
        if (!root.has(INTERNAL_LISTS)) {
            return SeedLocations.GITLAB;
        }
        ConfigSection lists = root.section(INTERNAL_LISTS);
        lists.allowOnly(Set.of("projects", "namespaces"));
        return new SeedLocations(
                seedLocations(lists, "projects", SeedLocations.GITLAB.projects()),
                seedLocations(lists, "namespaces", SeedLocations.GITLAB.namespaces()));
    }

    private static List<URI> seedLocations(ConfigSection lists, String key, List<URI> defaults) {
        List<String> texts = lists.optionalStringList(key);
        if (texts == null) {
            return defaults;
        }
        if (texts.isEmpty()) {
            throw lists.error(key, "must list at least one seed file");
        }
        List<URI> locations = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            locations.add(seedLocation(lists, key + "[" + i + "]", texts.get(i)));
        }
        return locations;
    }

    /** An https://, http:// or file:// URI; a plain path is a file, relative to the config file's folder. */
    private static URI seedLocation(ConfigSection lists, String key, String text) {
        if (!text.contains("://")) {
            nonBlank(lists, key, text);
            return lists.resolveAgainstConfigFolder(text).toUri();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw lists.error(key, "is not a valid URI: " + invalidUriReason(e));
        }
        // credentials first: the other errors describe the location, and must not print a secret doing so
        boolean secretInQuery = uri.getRawQuery() != null
                && hasParameterNaming(uri.getRawQuery(), SECRET_PARAMETER_WORDS);
        if (uri.getRawUserInfo() != null || secretInQuery) {
            throw lists.error(key, "must not carry credentials (they would be logged); for a private file, put it"
                    + " where a file:/// location or a path can read it");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        boolean web = (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        boolean file = scheme.equals("file") && uri.getAuthority() == null && uri.getPath() != null
                && uri.getPath().startsWith("/") && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!web && !file) {
            throw lists.error(key, "must be an https://, http:// or file:/// location (a file one without ?query"
                    + " or #fragment) or a path, got " + withoutQuery(uri));
        }
        return uri;
    }

    private String metadataSchema(ConfigSection metadata) {
        if (metadata.has("schema")) {
            return nonBlank(metadata, "schema", metadata.requiredString("schema"));
        }
        String fromEnvironment = env.get(METADATA_SCHEMA_VARIABLE);
        if (fromEnvironment == null) {
            return ExtractConfig.DEFAULT_METADATA_SCHEMA;
        }
        if (fromEnvironment.isBlank()) {
            throw metadata.error("schema", "not set, and $" + METADATA_SCHEMA_VARIABLE + " is empty");
        }
        return fromEnvironment;
    }

    private URI staging(ConfigSection root) {
        String text = root.requiredString("staging");
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // Not the parser's exception as the cause: its message quotes the input, which --verbose would print.
            throw new ConfigException(file + ": staging: is not a valid URI: " + invalidUriReason(e));
        }
        if (uri.getUserInfo() != null) {
            throw root.error("staging", "must not carry credentials; GCS access comes from Application Default "
                    + "Credentials");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getScheme() != null && !uri.getScheme().equals(scheme)) {
            // Schemes are case-insensitive (RFC 3986); the warehouse and staging checks compare them as written.
            uri = URI.create(scheme + text.substring(uri.getScheme().length()));
        }
        switch (scheme) {
            case "gs" -> {
                if (uri.getAuthority() == null || uri.getAuthority().isEmpty()) {
                    throw root.error("staging", "gs:// needs a bucket, e.g. gs://saas-pipeline-backfills");
                }
            }
            case "file" -> {
                boolean localHost = uri.getAuthority() == null || uri.getAuthority().equals("localhost");
                if (!localHost || uri.getPath() == null || !uri.getPath().startsWith("/")) {
                    throw root.error("staging", "file:// needs an absolute local path, e.g. file:///data/staging");
                }
            }
            default -> throw root.error("staging", "must be a gs:// or file:// URI, got " + withoutQuery(uri));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw root.error("staging", "must not have a ?query or #fragment (a signed URL's signature would be"
                    + " logged); GCS access comes from Application Default Credentials");
        }
        return uri;
    }

    private WarehouseConfig warehouse(ConfigSection section) {
        section.allowOnly(WAREHOUSE_KEYS);
        String url = section.requiredString("url");
        rejectCredentialsInUrl(section, url);
        if (url.startsWith(WarehouseConfig.DUCKDB_URL_PREFIX)) {
            if (WarehouseConfig.duckDbFile(url).isEmpty()) {
                // Every run would report its load done, record it in the metadata, and keep nothing.
                throw section.error("url", "names an in-memory DuckDB, which keeps nothing after the run; name a file,"
                        + " e.g. " + WarehouseConfig.DUCKDB_URL_PREFIX + "warehouse.duckdb");
            }
            url = duckDbUrlAgainstConfigFolder(section, url);
        } else if (!url.startsWith(WarehouseConfig.SNOWFLAKE_URL_PREFIX)) {
            throw section.error("url", "must start with " + WarehouseConfig.DUCKDB_URL_PREFIX + " or "
                    + WarehouseConfig.SNOWFLAKE_URL_PREFIX);
        } else {
            requireSnowflakeHostAndPort(section, url);
        }
        String storageIntegration = section.has("storage_integration")
                ? nonBlank(section, "storage_integration", section.requiredString("storage_integration"))
                : null;
        WarehouseConfig warehouse = new WarehouseConfig(url, section.optionalString("user"),
                section.optionalSecret("password"), section.optionalPath("private_key_file"), storageIntegration);
        requireCredentialsTheEngineTakes(section, warehouse);
        return warehouse;
    }

    /** Checked here, so that validate finds what a run would otherwise find only once it connects. */
    private static void requireCredentialsTheEngineTakes(ConfigSection section, WarehouseConfig warehouse) {
        if (warehouse.isDuckDb()) {
            for (String key : List.of("user", "password", "private_key_file")) {
                if (section.has(key)) {
                    throw section.error(key, "is not used with DuckDB, which takes no credentials");
                }
            }
            return;
        }
        int query = warehouse.url().indexOf('?');
        boolean userInUrl = query >= 0 && parameterNames(warehouse.url().substring(query + 1)).anyMatch("user"::equals);
        if (warehouse.user() == null && !userInUrl) {
            throw section.error("user", "is required for Snowflake (or user= in the url)");
        }
        boolean authenticatorInUrl = query >= 0
                && parameterNames(warehouse.url().substring(query + 1)).anyMatch("authenticator"::equals);
        if (warehouse.password() == null && warehouse.privateKeyFile() == null && !authenticatorInUrl) {
            throw section.error("password", "is required for Snowflake, as \"${NAME}\" (or private_key_file, or an"
                    + " authenticator= in the url)");
        }
    }

    /**
     * The driver reads {@code jdbc:snowflake://<account>.snowflakecomputing.com[:port]/?...} only when it connects, and
     * fails there (exit 1, "safe to retry") on what is a typo. Account names may hold underscores, which
     * java.net.URI does not take in a host name, so the authority is checked by hand.
     */
    private static void requireSnowflakeHostAndPort(ConfigSection section, String url) {
        Matcher authority = SNOWFLAKE_AUTHORITY.matcher(url);
        if (!authority.lookingAt() || authority.group(1).isEmpty()) {
            throw section.error("url", "must name the account's host: " + WarehouseConfig.SNOWFLAKE_URL_PREFIX
                    + "//<account>.snowflakecomputing.com/?db=RAW&...");
        }
        String port = authority.group(2);
        if (port != null && (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > MAX_PORT)) {
            throw section.error("url", "port must be a number from 1 to " + MAX_PORT + ", got '" + port + "'");
        }
    }

    /** {@code jdbc:duckdb:warehouse.duckdb} means the file next to extract.yaml, like every other relative path. */
    private static String duckDbUrlAgainstConfigFolder(ConfigSection section, String url) {
        Optional<Path> file = WarehouseConfig.duckDbFile(url);
        if (file.isEmpty() || file.get().isAbsolute()) {
            return url;
        }
        int query = url.indexOf('?');
        return WarehouseConfig.DUCKDB_URL_PREFIX + section.resolveAgainstConfigFolder(file.get().toString())
                + (query < 0 ? "" : url.substring(query));
    }

    /**
     * Logs and error lines print a url without its query and credentials, but a url that needs them would still
     * carry a secret into a file that should only reference it. pgjdbc takes {@code user:password@} for part of the
     * host name, so such a url could never connect anyway.
     */
    private static void rejectCredentialsInUrl(ConfigSection section, String url) {
        if (JdbcUrls.hasUserInfo(url)) {
            throw section.error("url", "must not carry credentials before the host (user:password@); use user: and"
                    + " password: ${NAME}");
        }
        int query = url.indexOf('?');
        if (query >= 0 && hasParameterNaming(url.substring(query + 1), URL_SECRET_PARAMETER_WORDS)) {
            throw section.error("url", "must not carry a password or token; use password: ${NAME}");
        }
    }

    /** The parser's reason without the input, which its message repeats and which may hold a secret. */
    private static String invalidUriReason(URISyntaxException e) {
        return Printable.oneLine(e.getReason()) + (e.getIndex() < 0 ? "" : " at character " + (e.getIndex() + 1));
    }

    /** A location as an error line may quote it: checked for credentials before the host, cut before its query. */
    private static String withoutQuery(URI uri) {
        String text = uri.toString();
        int cut = text.length();
        for (char c : new char[] {'?', '#'}) {
            int at = text.indexOf(c);
            cut = at < 0 ? cut : Math.min(cut, at);
        }
        return Printable.quoted(text.substring(0, cut) + (cut < text.length() ? "…" : ""));
    }

    /** Whether a parameter of the URL query (its raw text after {@code ?}) has a name holding one of {@code words}. */
    private static boolean hasParameterNaming(String rawQuery, List<String> words) {
        return parameterNames(rawQuery).anyMatch(name -> words.stream().anyMatch(name::contains));
    }

    /** The names of a URL query's parameters (its raw text after {@code ?}), in lower case. */
    private static Stream<String> parameterNames(String rawQuery) {
        return Arrays.stream(rawQuery.split("[&;]"))
                .map(parameter -> parameter.split("=", 2)[0].toLowerCase(Locale.ROOT));
    }

    private static String nonBlank(ConfigSection section, String key, String value) {
        if (value.isBlank()) {
            throw section.error(key, "must not be empty");
        }
        return value;
    }
}
