package dev.conclave.media.worker;

import java.util.Objects;

/** A media worker's stable name, e.g. {@code kms-1}: from configuration, or the Kubernetes pod name. */
public record WorkerId(String value) implements Comparable<WorkerId> {

    public WorkerId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 64) {
            throw new IllegalArgumentException("a worker id has 1-64 characters");
        }
    }

    @Override
    public int compareTo(WorkerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
