package dev.saasextract.airflow;

import static java.util.Objects.requireNonNull;

/** One environment variable of a pod; {@code value} may be a Jinja template Airflow renders at run time. */
record EnvVar(String name, String value) {
    EnvVar {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
    }
}
