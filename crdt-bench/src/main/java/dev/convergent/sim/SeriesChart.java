package dev.convergent.sim;

import dev.convergent.bench.report.Svg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The simulation's time series as an SVG chart ({@code --svg FILE}): panels stacked on one axis of
 * simulated seconds, each with its own scale from 0 to the largest value it shows: divergence,
 * disagreeing replicas, carts with siblings, staleness p50 and p99, and bytes sent per interval.
 * Partitions are shaded, and a line marks the last client write. Drawn with the {@link Svg} builder
 * the benchmark charts use.
 */
final class SeriesChart {

    /** One line of a panel: its element id, colour, legend and value. */
    record Line(String id, String color, String label, ToLongFunction<Sample> value) {
    }

    /** One panel: its group id, title and lines. */
    record Panel(String id, String title, List<Line> lines) {
    }

    /** The panels, top to bottom; every line is one {@code polyline} whose id is the line's. */
    static final List<Panel> PANELS = List.of(
            new Panel("panel-divergence", "divergence (writes seen: max - min per writer, live replicas)",
                    List.of(new Line("divergence", "#2b6cb0", "divergence", Sample::divergence))),
            new Panel("panel-disagreeing", "disagreeing replicas (digest differs from the most common)",
                    List.of(new Line("disagreeing", "#805ad5", "disagreeing", Sample::disagreeing))),
            new Panel("panel-siblings", "carts with siblings on the first replica (the conflict backlog)",
                    List.of(new Line("cartsWithSiblings", "#dd6b20", "carts with siblings",
                            Sample::cartsWithSiblings))),
            new Panel("panel-staleness", "staleness so far, ms (until every replica saw a write)",
                    List.of(new Line("stalenessP50", "#38a169", "p50", Sample::stalenessP50),
                            new Line("stalenessP99", "#c53030", "p99", Sample::stalenessP99))),
            new Panel("panel-bytes", "bytes sent per interval (all message kinds)",
                    List.of(new Line("bytesSentInInterval", "#4a5568", "bytes", Sample::bytesSentInInterval))));

    private static final int WIDTH = 1000;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int PANEL = 90;
    private static final int GAP = 34;
    private static final int AXIS = 40;
    private static final String SPLIT_FILL = "#fbe3e3";

    private SeriesChart() {
    }

    /**
     * Renders the report's series.
     *
     * @param report a finished run's report, with at least one sample
     * @return the SVG document
     * @throws IllegalArgumentException if the series is empty
     */
    static String render(Report report) {
        List<Sample> series = report.series;
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no samples to draw");
        }
        long end = Math.max(1, series.get(series.size() - 1).simulatedMillis());
        int plotWidth = WIDTH - LEFT - RIGHT;
        int height = TOP + PANELS.size() * (PANEL + GAP) - GAP + AXIS;
        int plotBottom = height - AXIS;
        Svg svg = new Svg(WIDTH, height);
        SimOptions o = report.options;
        svg.text(10, 20, "font-size=\"14\" font-weight=\"bold\"", "Cart simulation, seed " + o.seed() + ": "
                + report.replicaNames.size() + " replicas, " + Report.n(report.carts) + " carts, "
                + Report.n(o.ops()) + " client operations; a sample every " + Report.seconds(Simulation.sampleEvery(o))
                + " simulated");
        svg.text(10, 38, "fill=\"#555555\"", report.verdict().split(":")[0] + " at " + Report.seconds(end)
                + "; shaded: partitions; dashed: the last client write");

        long step = tickStep(end);
        for (long t = 0; t <= end; t += step) {
            double x = x(t, end, plotWidth);
            svg.line(x, TOP - 4, x, plotBottom, "#eeeeee");
            svg.text(x, plotBottom + 16, "text-anchor=\"middle\" fill=\"#555555\"", SimOptions.number(t / 1000.0));
        }
        svg.text(LEFT + plotWidth / 2.0, plotBottom + 32, "text-anchor=\"middle\" fill=\"#555555\"",
                "simulated seconds");

        int top = TOP;
        for (Panel panel : PANELS) {
            drawPanel(svg, report, panel, top, end, plotWidth);
            top += PANEL + GAP;
        }
        return svg.finish();
    }

    private static void drawPanel(Svg svg, Report report, Panel panel, int top, long end, int plotWidth) {
        List<Sample> series = report.series;
        int bottom = top + PANEL;
        long max = 1;
        for (Line line : panel.lines()) {
            for (Sample s : series) {
                max = Math.max(max, line.value().applyAsLong(s));
            }
        }
        svg.openGroup(panel.id());
        for (long[] split : report.splits) {
            double from = x(Math.min(split[0], end), end, plotWidth);
            double to = x(split[1] < 0 ? end : Math.min(split[1], end), end, plotWidth);
            svg.rect(from, top, Math.max(0.5, to - from), PANEL, SPLIT_FILL, "partition from "
                    + Report.seconds(split[0]) + (split[1] < 0 ? "" : " to " + Report.seconds(split[1])));
        }
        if (report.writesEndedAt >= 0) {
            double x = x(report.writesEndedAt, end, plotWidth);
            svg.line(x, top, x, bottom, "#777777", "stroke-dasharray=\"4 3\"");
        }
        svg.text(LEFT, top - 6, "font-weight=\"bold\"", panel.title());
        svg.line(LEFT, top, LEFT + plotWidth, top, "#dddddd");
        svg.text(LEFT - 6, top + 4, "text-anchor=\"end\" fill=\"#555555\"", Report.n(max));
        svg.text(LEFT - 6, bottom + 4, "text-anchor=\"end\" fill=\"#555555\"", "0");
        double legendX = LEFT + plotWidth - 90.0 * panel.lines().size();
        for (Line line : panel.lines()) {
            List<double[]> points = new ArrayList<>(series.size());
            for (Sample s : series) {
                points.add(new double[] {x(s.simulatedMillis(), end, plotWidth),
                    bottom - (double) line.value().applyAsLong(s) / max * PANEL});
            }
            Sample last = series.get(series.size() - 1);
            svg.polyline(line.id(), points, line.color(), String.format(Locale.ROOT, "%s: %s at the end, peak %s",
                    line.label(), Report.n(line.value().applyAsLong(last)), Report.n(peak(series, line))));
            svg.legend(legendX, top - 6, line.color(), line.label());
            legendX += 90;
        }
        svg.line(LEFT, bottom, LEFT + plotWidth, bottom, "#333333");
        svg.closeGroup();
    }

    private static long peak(List<Sample> series, Line line) {
        return series.stream().mapToLong(line.value()).max().orElse(0);
    }

    private static double x(long millis, long end, int plotWidth) {
        return LEFT + (double) millis / end * plotWidth;
    }

    /** A step of 1, 2 or 5 times a power of ten seconds that gives at most about ten ticks. */
    static long tickStep(long endMillis) {
        long step = 1_000;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (endMillis / (step * m) <= 10) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }
}
