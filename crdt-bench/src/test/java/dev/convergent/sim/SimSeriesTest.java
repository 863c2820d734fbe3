package dev.convergent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.bench.report.Json;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The time series of a run: in the JSON report and as an SVG chart. */
class SimSeriesTest {

    private static final String CHAOS = "--ops 300 --clients 8 --partition-rate 0.5 --loss 0.15 --dup 0.05"
            + " --lag-rate 0.5 --skew-ms 400";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> series(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("series");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String field) {
        return (Map<String, Object>) parent.get(field);
    }

    private static long number(Map<String, Object> object, String field) {
        Object v = object.get(field);
        assertThat(v).as(field + " in " + object.keySet()).isInstanceOf(Double.class);
        return ((Double) v).longValue();
    }

    @Test
    void theJsonSeriesRunsAtItsIntervalAndEndsOnTheFinalNumbers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        SimOptionsTest.Run run = SimOptionsTest.Run.of((CHAOS + " --seed 4 --json " + file).split(" "));
        Map<String, Object> report = json(file);
        List<Map<String, Object>> series = series(report);

        assertThat(run.status).isZero();
        long interval = number(report, "seriesIntervalMillis");
        assertThat(interval).isEqualTo(Simulation.sampleEvery(SimOptions.parse(CHAOS.split(" "))))
                .isEqualTo(1_000);
        assertThat(series).hasSizeGreaterThan(10);
        for (int i = 0; i < series.size(); i++) {
            long t = number(series.get(i), "simulatedMillis");
            if (i < series.size() - 1) {
                assertThat(t).as("sample " + i).isEqualTo((i + 1) * interval);
            } else {
                assertThat(t).as("the last sample, at the end").isGreaterThan(i * interval)
                        .isLessThanOrEqualTo((i + 1) * interval);
            }
            if (i > 0) {
                assertThat(number(series.get(i), "bytesSentTotal")).isEqualTo(
                        number(series.get(i - 1), "bytesSentTotal") + number(series.get(i), "bytesSentInInterval"));
                assertThat(number(series.get(i), "writesSeenEverywhere"))
                        .isGreaterThanOrEqualTo(number(series.get(i - 1), "writesSeenEverywhere"));
            }
        }
        assertThat(series).as("the chaos shows in the series")
                .anySatisfy(s -> assertThat(number(s, "divergence")).isPositive())
                .anySatisfy(s -> assertThat(number(s, "disagreeing")).isPositive())
                .anySatisfy(s -> assertThat(s.get("split")).isEqualTo(true))
                .anySatisfy(s -> assertThat(s.get("split")).isEqualTo(false));

        long seriesPeak = series.stream().mapToLong(s -> number(s, "divergence")).max().orElseThrow();
        assertThat(number(object(report, "divergence"), "peak")).as("the peak (samples, progress lines and heals)"
                + " is never below the series").isGreaterThanOrEqualTo(seriesPeak).isPositive();
        assertThat(number(object(report, "conflicts"), "peakCartsWithSiblings"))
                .isGreaterThanOrEqualTo(series.stream().mapToLong(s -> number(s, "cartsWithSiblings")).max()
                        .orElseThrow());

        Map<String, Object> last = series.get(series.size() - 1);
        assertThat(number(last, "simulatedMillis")).isEqualTo(number(report, "simulatedMillis"));
        assertThat(number(last, "divergence")).isEqualTo(number(object(report, "divergence"), "max")).isZero();
        assertThat(number(last, "disagreeing")).isEqualTo(number(report, "disagreeing")).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) report.get("replicas")).get(0);
        assertThat(number(last, "siblings")).isEqualTo(number(first, "siblings"));
        assertThat(number(last, "cartsWithSiblings")).isEqualTo(number(first, "cartsWithSiblings"));
        Map<String, Object> staleness = object(report, "staleness");
        assertThat(number(last, "stalenessP50")).isEqualTo(number(staleness, "p50"));
        assertThat(number(last, "stalenessP99")).isEqualTo(number(staleness, "p99")).isPositive();
        assertThat(number(last, "writesSeenEverywhere")).isEqualTo(number(staleness, "writes"));
        long bytes = 0;
        for (Simulation.Kind k : Simulation.Kind.values()) {
            bytes += number(object(object(report, "bytes"), k.name().toLowerCase(Locale.ROOT)), "bytes");
        }
        assertThat(number(last, "bytesSentTotal")).isEqualTo(bytes).isPositive();
        assertThat(number(last, "messagesSentTotal")).isEqualTo(number(object(report, "network"), "messages"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("no wall time in the JSON")
                .doesNotContainIgnoringCase("wall");
    }

    @Test
    void theSameSeedWritesTheSameJsonWhateverTheWallClock(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Path c = dir.resolve("c.json");
        long[] slow = {0};
        SimOptionsTest.Run first = SimOptionsTest.Run.with(System::nanoTime, (CHAOS + " --seed 5 --json " + a)
                .split(" "));
        SimOptionsTest.Run second = SimOptionsTest.Run.with(() -> slow[0] += 7_000_000_000L, (CHAOS
                + " --seed 5 --json " + b).split(" "));
        SimOptionsTest.Run other = SimOptionsTest.Run.of((CHAOS + " --seed 6 --json " + c).split(" "));

        assertThat(first.status).isZero();
        assertThat(second.out).contains(" s wall").isNotEqualTo(first.out.replace("a.json", "b.json"));
        assertThat(Files.readString(a, StandardCharsets.UTF_8)).isEqualTo(Files.readString(b, StandardCharsets.UTF_8));
        assertThat(series(json(a))).isEqualTo(series(json(b)));
        assertThat(series(json(c))).as("another seed, another series").isNotEqualTo(series(json(a)));
    }

    @Test
    void theSvgChartIsWellFormedWithALinePerSeriesThatReachesZero(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("run.svg");
        SimOptionsTest.Run run = SimOptionsTest.Run.of((CHAOS + " --seed 4 --svg " + svg).split(" "));

        assertThat(run.status).isZero();
        assertThat(run.out).contains("chart written to " + svg);
        Document doc = parse(Files.readString(svg, StandardCharsets.UTF_8));
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        NodeList lines = doc.getElementsByTagNameNS("*", "polyline");
        int expected = SeriesChart.PANELS.stream().mapToInt(p -> p.lines().size()).sum();
        assertThat(expected).isEqualTo(6);
        assertThat(lines.getLength()).isEqualTo(expected);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < lines.getLength(); i++) {
            ids.add(((Element) lines.item(i)).getAttribute("id"));
        }
        assertThat(ids).containsExactly("divergence", "disagreeing", "cartsWithSiblings", "stalenessP50",
                "stalenessP99", "bytesSentInInterval");
        assertThat(doc.getElementsByTagNameNS("*", "rect").getLength()).as("the partitions are shaded")
                .isGreaterThan(1 + expected);

        Element divergence = byId(lines, "divergence");
        double[][] points = points(divergence);
        double baseline = baseline(divergence);
        assertThat(points[points.length - 1][1]).as("converged: divergence ends on the zero line").isEqualTo(baseline);
        assertThat(min(points, 1)).as("the peak reaches the top of the panel").isEqualTo(baseline - 90);
        double right = 0;
        for (int i = 0; i < lines.getLength(); i++) {
            double[][] p = points((Element) lines.item(i));
            right = Math.max(right, p[p.length - 1][0]);
        }
        assertThat(points[points.length - 1][0]).as("the series spans the run").isEqualTo(right).isEqualTo(970);
    }

    @Test
    void aRunThatNeverConvergesEndsAboveTheZeroLine() throws Exception {
        Report r = new Simulation(SimOptions.parse("--ops", "100", "--clients", "4", "--seed", "1"),
                new PrintStream(OutputStream.nullOutputStream()), Simulation.Sabotage.DEAF_REPLICA).run();
        Document doc = parse(SeriesChart.render(r));
        Element divergence = byId(doc.getElementsByTagNameNS("*", "polyline"), "divergence");
        double[][] points = points(divergence);

        assertThat(r.converged).isFalse();
        assertThat(r.series.get(r.series.size() - 1).divergence()).isPositive();
        assertThat(points[points.length - 1][1]).isLessThan(baseline(divergence));
        assertThat(points.length).isEqualTo(r.series.size());
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element byId(NodeList elements, String id) {
        for (int i = 0; i < elements.getLength(); i++) {
            Element e = (Element) elements.item(i);
            if (e.getAttribute("id").equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no element " + id);
    }

    private static double[][] points(Element polyline) {
        String[] pairs = polyline.getAttribute("points").trim().split(" ");
        double[][] points = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] xy = pairs[i].split(",");
            points[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
        }
        return points;
    }

    /** The y of the panel's zero line: the dark axis line in the polyline's group. */
    private static double baseline(Element polyline) {
        Element group = (Element) polyline.getParentNode();
        assertThat(group.getLocalName()).isEqualTo("g");
        NodeList lines = group.getElementsByTagNameNS("*", "line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            if (line.getAttribute("stroke").equals("#333333")) {
                return Double.parseDouble(line.getAttribute("y1"));
            }
        }
        throw new AssertionError("no zero line in " + group.getAttribute("id"));
    }

    private static double min(double[][] points, int axis) {
        double min = Double.POSITIVE_INFINITY;
        for (double[] p : points) {
            min = Math.min(min, p[axis]);
        }
        return min;
    }
}
