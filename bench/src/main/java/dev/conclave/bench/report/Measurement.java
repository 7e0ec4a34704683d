package dev.conclave.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured case of a scenario ("join storm, 1,000 clients, through the gateway"): its figures in the order they
 * are shown. Latencies are in milliseconds, memory in KiB, CPU in milliseconds or microseconds as named.
 */
public record Measurement(String scenario, String label, Map<String, Object> figures) {

    public Measurement {
        figures = new LinkedHashMap<>(figures);
    }

    public static Measurement of(String scenario, String label) {
        return new Measurement(scenario, label, new LinkedHashMap<>());
    }

    public Measurement put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    public double number(String name) {
        Object value = figures.get(name);
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
