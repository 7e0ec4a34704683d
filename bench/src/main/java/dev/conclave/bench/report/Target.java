package dev.conclave.bench.report;

/** A performance target and what this run measured for it. */
public record Target(String name, String limit, String measured, boolean met) {
}
