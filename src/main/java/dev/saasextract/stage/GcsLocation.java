package dev.saasextract.stage;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.ConfigException;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * A staging location {@code gs://bucket[/prefix]}: the bucket and the object-name prefix every staging key lives
 * under ({@code ""} or ending in {@code /}).
 */
record GcsLocation(String bucket, String prefix) {
    // GCS bucket names: lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    GcsLocation {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
    }

    /** Parses the {@code staging:} setting; anything that is not a plain {@code gs://bucket[/prefix]} is rejected. */
    static GcsLocation parse(URI location) {
        if (!"gs".equals(location.getScheme())) {
            throw invalid(location, "the scheme must be gs");
        }
        if (location.getRawQuery() != null || location.getRawFragment() != null) {
            throw invalid(location, "a query or fragment is not allowed");
        }
        // getHost() is null for bucket names with '_', which are valid, so read the authority instead.
        String bucket = location.getRawAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw invalid(location, "the bucket name is missing");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw invalid(location, "'" + bucket + "' is not a valid bucket name");
        }
        return new GcsLocation(bucket, prefixOf(location));
    }

    /** The object name of a staging key. */
    String objectName(String key) {
        if (key.isBlank()) {
            throw new IllegalArgumentException("blank staging key under " + this);
        }
        return objectPrefix(key);
    }

    /** The object-name prefix of a staging key prefix ({@code ""} for everything under the location). */
    String objectPrefix(String keyPrefix) {
        if (keyPrefix.startsWith("/")) {
            throw new IllegalArgumentException("staging key starts with '/': " + keyPrefix);
        }
        return prefix + keyPrefix;
    }

    /** The staging key of an object under the prefix. */
    String keyOf(String objectName) {
        if (!objectName.startsWith(prefix)) {
            throw new IllegalArgumentException("object " + objectName + " is not under " + this);
        }
        return objectName.substring(prefix.length());
    }

    /** How people and logs name an object: {@code gs://bucket/object}. */
    String gsUri(String objectName) {
        return "gs://" + bucket + "/" + objectName;
    }

    /** How Snowflake's COPY INTO names an object: {@code gcs://bucket/object}. */
    String gcsUri(String objectName) {
        return "gcs://" + bucket + "/" + objectName;
    }

    @Override
    public String toString() {
        return gsUri(prefix);
    }

    private static String prefixOf(URI location) {
        String path = location.getPath() == null ? "" : location.getPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return "";
        }
        String folder = trimmed.endsWith("/") ? trimmed : trimmed + "/";
        for (String segment : folder.substring(0, folder.length() - 1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(location, "the prefix has an empty, '.' or '..' segment");
            }
        }
        return folder;
    }

    private static ConfigException invalid(URI location, String why) {
        return new ConfigException("staging: " + location + ": " + why + " (expected gs://bucket[/prefix])");
    }
}
