package dev.conclave.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a run's results: {@code results.json}, {@code results.md} and {@code latency.png}. */
public final class ReportWriter {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    public static void write(Path directory, RunInfo info, List<Measurement> measurements, List<Target> targets)
            throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("run", info.values());
        document.put("targets", targets);
        document.put("measurements", measurements);
        Files.writeString(directory.resolve("results.json"), JSON.writeValueAsString(document));
        Files.writeString(directory.resolve("results.md"), markdown(info, measurements, targets));
        chart(directory.resolve("latency.png"), measurements);
    }

    static String markdown(RunInfo info, List<Measurement> measurements, List<Target> targets) {
        StringBuilder md = new StringBuilder("# Conclave benchmark — " + info.values().get("profile") + " profile\n\n");
        info.values().forEach((name, value) -> md.append("- **").append(name).append("**: ").append(value).append('\n'));
        md.append("\n## Targets\n\n| target | limit | measured | met |\n| --- | --- | --- | --- |\n");
        for (Target target : targets) {
            md.append("| ").append(target.name()).append(" | ").append(target.limit()).append(" | ")
                    .append(target.measured()).append(" | ").append(target.met() ? "yes" : "**no**").append(" |\n");
        }
        Map<String, List<Measurement>> byScenario = new LinkedHashMap<>();
        measurements.forEach(m -> byScenario.computeIfAbsent(m.scenario(), s -> new ArrayList<>()).add(m));
        byScenario.forEach((scenario, cases) -> {
            Set<String> columns = new LinkedHashSet<>();
            cases.forEach(m -> columns.addAll(m.figures().keySet()));
            md.append("\n## ").append(scenario).append("\n\n| case | ").append(String.join(" | ", columns)).append(" |\n|");
            md.append(" --- |".repeat(columns.size() + 1)).append('\n');
            for (Measurement m : cases) {
                md.append("| ").append(m.label());
                for (String column : columns) {
                    Object value = m.figures().get(column);
                    md.append(" | ").append(value == null ? "" : format(value));
                }
                md.append(" |\n");
            }
        });
        md.append("\nLatency chart: `latency.png`. Raw figures: `results.json`.\n");
        return md.toString();
    }

    private static String format(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return String.format("%,d", ((Number) value).longValue());
        }
        return String.valueOf(value).replace("|", "\\|");
    }

    /** p50 and p99 of every join-storm and fan-out case, on a log scale. */
    static void chart(Path file, List<Measurement> measurements) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Measurement m : measurements) {
            String prefix = switch (m.scenario()) {
                case "join storm" -> "join ";
                case "room fan-out" -> "all members have it ";
                case "many rooms" -> "relay ";
                default -> null;
            };
            if (prefix == null) {
                continue;
            }
            String category = m.scenario() + ": " + m.label();
            data.addValue(Math.max(0.01, m.number(prefix + "p50 ms")), "p50", category);
            data.addValue(Math.max(0.01, m.number(prefix + "p99 ms")), "p99", category);
        }
        CategoryAxis categories = new CategoryAxis();
        categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        LogAxis milliseconds = new LogAxis("milliseconds (log scale)");
        milliseconds.setSmallestValue(0.01);
        milliseconds.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.##"));
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, new Color(0x3b7dd8));
        bars.setSeriesPaint(1, new Color(0xe0803a));
        CategoryPlot plot = new CategoryPlot(data, categories, milliseconds, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Conclave latency: join, fan-out (until every member has it), mesh relay",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1400, 800);
    }
}
