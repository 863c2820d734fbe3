package dev.convergent.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The generator on a small committed JMH result ({@code sample-jmh.json}: real JMH entries with known scores): rows,
 * ratios, targets, and well-formed SVG.
 */
class BenchReportTest {

    private static final BenchReport.Machine MACHINE = new BenchReport.Machine(2, "Test CPU @ 1.00GHz", "2026-01-02");

    private static String json;
    private static BenchReport.Output output;

    @BeforeAll
    static void generate() throws IOException {
        try (InputStream in = BenchReportTest.class.getResourceAsStream("sample-jmh.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Properties extras = new Properties();
        extras.setProperty("heap.orset.10000.convergent.overheadPerElement", "60.0");
        extras.setProperty("heap.orset.10000.pekko.overheadPerElement", "55.0");
        extras.setProperty("size.orset.10000.pekko.metadataPerElement", "39.97");
        output = BenchReport.generate(json, "sample-jmh.json", extras, MACHINE);
    }

    @Test
    void pairsOursAndPekkoByOperationAndParams() {
        List<Row> rows = Row.pair(Measurement.fromJmhJson(json));

        assertThat(rows).extracting(r -> r.family() + "." + r.operation() + " " + r.params()).containsExactly(
                "VersionVector.mergeDisjoint entries=1000",
                "VersionVector.compareEqual entries=3",
                "GCounter.compareBefore entries=1000",
                "ORSet.mergeDisjoint elements=10000, replicas=3",
                "ORSet.diff elements=10000, replicas=3");
        assertThat(rows.get(4).pekko()).isNull();
        assertThat(rows.get(4).ratio()).isEmpty();
    }

    @Test
    void ratioIsPekkosTimeOverOurs() {
        Map<String, Double> ratios = Row.pair(Measurement.fromJmhJson(json)).stream()
                .filter(r -> r.ratio().isPresent())
                .collect(Collectors.toMap(r -> r.family() + "." + r.operation(), r -> r.ratio().getAsDouble()));

        assertThat(ratios).containsOnly(
                Map.entry("VersionVector.mergeDisjoint", 25.0),
                Map.entry("VersionVector.compareEqual", 2.0),
                Map.entry("ORSet.mergeDisjoint", 3.0));
    }

    @Test
    void readsScoresErrorsAndAllocation() {
        Measurement m = Measurement.fromJmhJson(json).stream()
                .filter(x -> x.family().equals("ORSet") && x.operation().equals("mergeDisjoint")
                        && x.library().equals("convergent"))
                .findFirst().orElseThrow();

        assertThat(m.score()).isEqualTo(1_000_000.0);
        assertThat(m.error()).isEqualTo(25_000.0);
        assertThat(m.unit()).isEqualTo("ns/op");
        assertThat(m.allocatedPerOp()).isEqualTo(800_000.0);
        assertThat(m.size()).isEqualTo(10_000);
    }

    @Test
    void tablesHaveOneRowPerBenchmarkAndParams() {
        assertThat(output.markdown())
                .contains("| mergeDisjoint | entries=1000 | 2.00 µs | 50.0 µs | 25.0x | 16024 B | 260000 B |")
                .contains("| compareEqual | entries=3 | 10.0 ns | 20.0 ns | 2.00x | 0 B | 96 B |")
                .contains("| compareBefore | entries=1000 | 4.00 µs | - | - | 24 B | - |")
                .contains("| mergeDisjoint | elements=10000, replicas=3 | 1.00 ms | 3.00 ms | 3.00x |")
                .contains("| diff | elements=10000, replicas=3 | 5.00 µs | - | - | 1200 B | - |")
                .contains("![ORSet: ours vs Pekko, log scale](benchmarks/ORSet.svg)");
    }

    @Test
    void headerNamesTheMachineAndTheRun() {
        assertThat(output.markdown())
                .contains("| date | 2026-01-02 |")
                .contains("| cores (nproc) | 2 |")
                .contains("| CPU (/proc/cpuinfo model name) | Test CPU @ 1.00GHz |")
                .contains("| JDK | 17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1) |")
                .contains("1.37, 1 fork(s)");
    }

    @Test
    void marksEachTargetFromTheMeasurements() {
        List<Targets.Result> targets = Targets.evaluate(Row.pair(Measurement.fromJmhJson(json)),
                properties("heap.orset.10000.convergent.overheadPerElement", "70.5"));

        assertThat(status(targets, "VersionVector: every merge")).isEqualTo(Targets.Status.MISSED);
        assertThat(find(targets, "VersionVector: every merge").measured())
                .contains("1 of 2 rows met").contains("compareEqual entries=3 2.00x < 3x");
        assertThat(status(targets, "ORSet: every merge")).isEqualTo(Targets.Status.MISSED);
        assertThat(status(targets, "VersionVector: merge and compare <= 3 ns")).isEqualTo(Targets.Status.MET);
        assertThat(status(targets, "GCounter: merge and compare <= 3 ns")).isEqualTo(Targets.Status.MISSED);
        assertThat(status(targets, "compare allocates nothing")).isEqualTo(Targets.Status.MISSED);
        assertThat(find(targets, "compare allocates nothing").measured())
                .contains("1 of 2 compare rows at 0 B/op").contains("GCounter.compareBefore entries=1000 24 B/op");
        assertThat(status(targets, "ORSet merge of two decoded 10,000-element replicas, disjoint"))
                .isEqualTo(Targets.Status.MET);
        assertThat(status(targets, "ORSet merge of two decoded 10,000-element replicas, >= 90%"))
                .isEqualTo(Targets.Status.NOT_MEASURED);
        assertThat(status(targets, "one-element delta (made in memory)")).isEqualTo(Targets.Status.NOT_MEASURED);
        assertThat(status(targets, "one-element delta (encoded and decoded)")).isEqualTo(Targets.Status.NOT_MEASURED);
        assertThat(status(targets, "diff proportional")).isEqualTo(Targets.Status.NOT_MEASURED);
        assertThat(status(targets, "encoded size")).isEqualTo(Targets.Status.NOT_MEASURED);
        assertThat(status(targets, "heap")).isEqualTo(Targets.Status.MISSED);
    }

    @Test
    void markdownListsTheTargetsWithTheirStatus() {
        assertThat(output.markdown())
                .contains("| ORSet merge of two decoded 10,000-element replicas, disjoint: <= 150 ns per element "
                        + "| elements=10000, replicas=3: 100.0 ns/element | met |")
                .contains("| heap: <= 64 B overhead per single-dot ORSet element | 10000 elements: ours 60.0 B, "
                        + "Pekko 55.0 B | met |")
                .contains("pending: our Kryo codec (dev.convergent.kryo); Pekko protobuf: 39.97 B/element "
                        + "| not measured |");
    }

    @Test
    void chartsAreWellFormedSvgWithABarPerMeasurement() throws Exception {
        assertThat(output.charts()).containsOnlyKeys("VersionVector.svg", "GCounter.svg", "ORSet.svg");
        for (Map.Entry<String, String> chart : output.charts().entrySet()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(chart.getValue().getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            assertThat(root.getLocalName()).as(chart.getKey()).isEqualTo("svg");
            assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        }
        // ORSet: two rows; ours has two bars, Pekko one; one legend swatch each
        assertThat(countRects(output.charts().get("ORSet.svg"), SvgChart.OURS_COLOR)).isEqualTo(2 + 1);
        assertThat(countRects(output.charts().get("ORSet.svg"), SvgChart.PEKKO_COLOR)).isEqualTo(1 + 1);
    }

    @Test
    void pruningGetsItsSectionAndNoSpeedTarget() {
        String pruning = "[" + result("mergeStaleIntoPruned_convergent", 2_000) + ", "
                + result("mergeStaleIntoPruned_pekko", 3_000) + ", " + result("mergeUnpruned_convergent", 1_500) + "]";

        BenchReport.Output report = BenchReport.generate(pruning, "pruning.json", new Properties(), MACHINE);

        assertThat(report.markdown())
                .contains("## Pruning\n\n" + BenchReport.NOTES.get("Pruning") + "\n\n")
                .contains("| mergeStaleIntoPruned | elements=10000, replicas=3 | 2.00 µs | 3.00 µs | 1.50x |")
                .contains("| mergeUnpruned | elements=10000, replicas=3 | 1.50 µs | - | - |")
                .doesNotContain("Pruning: every merge");
        assertThat(report.charts()).containsOnlyKeys("Pruning.svg");
    }

    @Test
    void pairsOursWithTheLikeForLikeTwinAndKeepsThePlainPekkoRowAsReference() {
        String flag = "[" + flagResult("mergeConcurrent_convergent", 100) + ", "
                + flagResult("mergeConcurrent_pekko", 1) + ", " + flagResult("mergeConcurrent_pekkoORSet", 400) + ", "
                + flagResult("compareConcurrent_convergent", 10) + ", "
                + flagResult("compareConcurrent_pekkoORSet", 20) + ", " + flagResult("diff_convergent", 50) + "]";

        List<Row> rows = Row.pair(Measurement.fromJmhJson(flag));

        assertThat(rows).extracting(r -> r.label() + " " + (r.pekko() == null ? "-" : r.pekko().library() + " "
                + r.ratio().getAsDouble())).containsExactly(
                        "mergeConcurrent (Pekko ORSet) pekkoORSet 4.0",
                        "mergeConcurrent (reference) pekko 0.01",
                        "compareConcurrent (Pekko ORSet) pekkoORSet 2.0",
                        "diff -");
        assertThat(rows).allMatch(r -> r.ours() != null && r.ours().library().equals(Measurement.CONVERGENT));

        BenchReport.Output report = BenchReport.generate(flag, "flag.json", new Properties(), MACHINE);
        assertThat(report.markdown())
                .contains("## EnableWinsFlag\n\n" + BenchReport.NOTES.get("EnableWinsFlag") + "\n\n")
                .contains("| mergeConcurrent (Pekko ORSet) |  | 100 ns | 400 ns | 4.00x |")
                .contains("| mergeConcurrent (reference) |  | 100 ns | 1.00 ns | 0.010x |")
                .contains("| compareConcurrent (Pekko ORSet) |  | 10.0 ns | 20.0 ns | 2.00x |")
                .contains("| diff |  | 50.0 ns | - | - |");
        Targets.Result speed = find(Targets.evaluate(rows, new Properties()), "EnableWinsFlag: every merge");
        assertThat(speed.measured()).startsWith("1 of 2 rows met; lowest 2.00x (compareConcurrent)");
        Targets.Result behind = find(Targets.evaluate(rows, new Properties()), "no row below 1.0x");
        assertThat(behind.status()).as("the reference row at 0.010x counts for nothing").isEqualTo(Targets.Status.MET);
        assertThat(behind.measured()).isEqualTo("2 of 2 rows at >= 1.0x");
    }

    @Test
    void namesEveryRowBehindPekkoAtAnySize() {
        String rows = "[" + result("mergeStaleIntoPruned_convergent", 2_000) + ", "
                + result("mergeStaleIntoPruned_pekko", 1_000) + ", " + flagResult("enable_convergent", 50) + ", "
                + flagResult("enable_pekkoORSet", 40) + ", " + flagResult("disable_convergent", 20) + ", "
                + flagResult("disable_pekkoORSet", 40) + "]";

        Targets.Result behind = find(Targets.evaluate(Row.pair(Measurement.fromJmhJson(rows)), new Properties()),
                "no row below 1.0x");

        assertThat(behind.status()).isEqualTo(Targets.Status.MISSED);
        assertThat(behind.measured()).isEqualTo("1 of 3 rows at >= 1.0x; behind: "
                + "Pruning.mergeStaleIntoPruned elements=10000, replicas=3 0.50x, EnableWinsFlag.enable 0.80x");
    }

    @Test
    void defaultCodecTargetNamesEverySizeWhereOursIsLarger() {
        Properties sizes = new Properties();
        sizes.setProperty("size.default.orset.10.convergent.bytes", "90");
        sizes.setProperty("size.default.orset.10.pekko.bytes", "120");
        sizes.setProperty("size.default.orset.1000.convergent.bytes", "5000");
        sizes.setProperty("size.default.orset.1000.pekko.bytes", "4000");

        Targets.Result missed = find(Targets.evaluate(List.of(), sizes), "default codec never larger");
        sizes.setProperty("size.default.orset.1000.convergent.bytes", "3000");
        Targets.Result met = find(Targets.evaluate(List.of(), sizes), "default codec never larger");

        assertThat(missed.status()).isEqualTo(Targets.Status.MISSED);
        assertThat(missed.measured()).isEqualTo("2 workloads and sizes, largest ours/Pekko 1.25; missed: "
                + "orset 1000: 5000 B vs 4000 B");
        assertThat(met.status()).isEqualTo(Targets.Status.MET);
        assertThat(BenchReport.defaultCodecSizes(sizes)).contains("| orset | 10 | 120 B | 90 B | 0.75 |\n"
                + "| orset | 1,000 | 4,000 B | 3,000 B | 0.75 |\n");
        assertThat(BenchReport.defaultCodecSizes(new Properties())).isEmpty();
        assertThat(find(Targets.evaluate(List.of(), new Properties()), "default codec never larger").status())
                .isEqualTo(Targets.Status.NOT_MEASURED);
    }

    @Test
    void marksATimeWhoseIterationsSpreadMoreThanThreefoldAsUnsteady() {
        String steady = flagResult("enable_convergent", 50).replace("\"score\": 50.0,",
                "\"score\": 50.0, \"rawData\": [[45.0, 55.0, 50.0]],");
        String unsteady = flagResult("enable_pekkoORSet", 40).replace("\"score\": 40.0,",
                "\"score\": 40.0, \"rawData\": [[10.0, 10.0, 100.0]],");
        String json = "[" + steady + ", " + unsteady + "]";

        List<Measurement> measured = Measurement.fromJmhJson(json);
        String md = BenchReport.generate(json, "x.json", new Properties(), MACHINE).markdown();
        Targets.Result behind = find(Targets.evaluate(Row.pair(measured), new Properties()), "no row below 1.0x");

        assertThat(measured).extracting(Measurement::unsteady).containsExactly(false, true);
        assertThat(measured.get(1).spread()).isEqualTo(10.0);
        assertThat(md).contains("| 50.0 ns | 40.0 ns (unsteady) |").contains("1 of 2 measurements in this run");
        assertThat(behind.measured()).endsWith("behind: EnableWinsFlag.enable 0.80x (unsteady)");
    }

    @Test
    void escapesTextInCharts() throws Exception {
        List<Row> rows = List.of(new Row("A<B", "op&", "k=\"v\"", 1, null, null));
        String svg = SvgChart.render("A<B", rows);

        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("A&lt;B");
    }

    @Test
    void formatsTimesAndRatiosForReading() {
        assertThat(Format.time(12.345)).isEqualTo("12.3 ns");
        assertThat(Format.time(4_560)).isEqualTo("4.56 µs");
        assertThat(Format.time(81_500_000)).isEqualTo("81.5 ms");
        assertThat(Format.ratio(25)).isEqualTo("25.0x");
        assertThat(Format.ratio(2_186_918)).isEqualTo("2,187,000x");
        assertThat(Format.ratio(0.0037)).isEqualTo("0.0037x");
        assertThat(Format.tick(0)).isEqualTo("1 ns");
        assertThat(Format.tick(4)).isEqualTo("10 µs");
        assertThat(Format.bytes(0.004)).isEqualTo("0 B");
    }

    private static int countRects(String svg, String color) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList rects = doc.getElementsByTagName("rect");
        int n = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            if (color.equals(((Element) rects.item(i)).getAttribute("fill"))) {
                n++;
            }
        }
        return n;
    }

    /** One minimal JMH result of a {@code PruningBenchmark} method at 10,000 elements and 3 replicas. */
    private static String result(String method, double nanos) {
        return "{\"benchmark\": \"dev.convergent.bench.PruningBenchmark." + method + "\", \"mode\": \"avgt\", "
                + "\"params\": {\"elements\": \"10000\", \"replicas\": \"3\"}, \"primaryMetric\": {\"score\": "
                + nanos + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\"}}";
    }

    /** One minimal JMH result of an {@code ORSetBenchmark} method at 100,000 elements. */
    private static String setResult(String method, int replicas, double nanos) {
        return orSetResult(method, 100_000, replicas, nanos);
    }

    /** One minimal JMH result of an {@code ORSetBenchmark} method. */
    private static String orSetResult(String method, int elements, int replicas, double nanos) {
        return "{\"benchmark\": \"dev.convergent.bench.ORSetBenchmark." + method + "\", \"mode\": \"avgt\", "
                + "\"params\": {\"elements\": \"" + elements + "\", \"replicas\": \"" + replicas + "\"}, "
                + "\"primaryMetric\": {\"score\": " + nanos + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\"}}";
    }

    /** One JMH result of an ORSet compare with its allocation and a 500 ms measurement iteration. */
    private static String compareResult(String method, int elements, double nanos, double bytesPerOp) {
        return orSetResult(method, elements, 3, nanos).replace("\"mode\": \"avgt\", ",
                "\"mode\": \"avgt\", \"measurementTime\": \"500 ms\", ")
                .replaceFirst("}}$", "}, \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": "
                        + bytesPerOp + "}}}");
    }

    @Test
    void aCompareWhoseWholeIterationAllocatesLessThanJmhItselfCountsAsAllocationFreeAndAFasterOneDoesNot() {
        // 449 B/op at 39.7 ms: 12.6 operations per 500 ms iteration, 5.7 KB in all, JMH's own share
        String slow = "[" + compareResult("compareEqual_convergent", 100_000, 39.7e6, 449) + ", "
                + compareResult("compareBefore_convergent", 100, 1_000, 0) + "]";
        // the same 449 B/op at 1 µs: 224 MB per iteration, the compare's own
        String fast = "[" + compareResult("compareEqual_convergent", 100_000, 1_000, 449) + ", "
                + compareResult("compareBefore_convergent", 100, 1_000, 0) + "]";

        Targets.Result met = find(Targets.evaluate(Row.pair(Measurement.fromJmhJson(slow)), new Properties()),
                "compare allocates nothing");
        Targets.Result missed = find(Targets.evaluate(Row.pair(Measurement.fromJmhJson(fast)), new Properties()),
                "compare allocates nothing");

        assertThat(Measurement.fromJmhJson(slow).get(0).iterationNanos()).isEqualTo(5e8);
        assertThat(met.status()).isEqualTo(Targets.Status.MET);
        assertThat(met.measured()).startsWith("1 of 2 compare rows at 0 B/op; 1 more under JMH's own allocation");
        assertThat(missed.status()).isEqualTo(Targets.Status.MISSED);
        assertThat(missed.measured()).contains("ORSet.compareEqual elements=100000, replicas=3 449 B/op");
        assertThat(Measurement.nanos("1 s")).isEqualTo(1e9);
        assertThat(Measurement.nanos("10 us")).isEqualTo(1e4);
        assertThat(Measurement.nanos("soon")).isNaN();
    }

    @Test
    void diffAndDecodedDeltaTargetsAreMarkedFromTheirRows() {
        String fast = "[" + setResult("diff_convergent", 3, 9_000) + ", " + setResult("mergeShared_convergent", 3, 2e7)
                + ", " + setResult("applyDecodedDelta_convergent", 3, 280) + "]";
        String slow = "[" + setResult("diff_convergent", 3, 3e7) + ", " + setResult("mergeShared_convergent", 3, 2e7)
                + ", " + setResult("applyDecodedDelta_convergent", 3, 301) + "]";

        List<Targets.Result> met = Targets.evaluate(Row.pair(Measurement.fromJmhJson(fast)), new Properties());
        List<Targets.Result> missed = Targets.evaluate(Row.pair(Measurement.fromJmhJson(slow)), new Properties());

        assertThat(status(met, "diff proportional")).isEqualTo(Targets.Status.MET);
        assertThat(status(met, "one-element delta (encoded and decoded)")).isEqualTo(Targets.Status.MET);
        assertThat(status(missed, "diff proportional")).isEqualTo(Targets.Status.MISSED);
        assertThat(find(missed, "diff proportional").measured())
                .contains("slower than a full merge: ORSet elements=100000, replicas=3: 30.0 ms vs 20.0 ms");
        assertThat(status(missed, "one-element delta (encoded and decoded)")).isEqualTo(Targets.Status.MISSED);
    }

    /** One minimal JMH result of an {@code ORSetBenchmark} method at 3 replicas. */
    private static String sizedSetResult(String method, int elements, double nanos) {
        return orSetResult(method, elements, 3, nanos);
    }

    @Test
    void theDescendantTargetJudgesTheInProcessMergeAndShowsTheDecodedOneBeside() {
        String flat = "[" + sizedSetResult("mergeDescendantInProcess_convergent", 100, 1_000) + ", "
                + sizedSetResult("mergeDescendantInProcess_convergent", 100_000, 1_900) + ", "
                + sizedSetResult("mergeAncestor_convergent", 100, 2_000) + ", "
                + sizedSetResult("mergeAncestor_convergent", 100_000, 9e6) + "]";
        String growing = "[" + sizedSetResult("mergeDescendantInProcess_convergent", 100, 1_000) + ", "
                + sizedSetResult("mergeDescendantInProcess_convergent", 100_000, 2_100) + "]";

        List<Targets.Result> met = Targets.evaluate(Row.pair(Measurement.fromJmhJson(flat)), new Properties());
        List<Targets.Result> missed = Targets.evaluate(Row.pair(Measurement.fromJmhJson(growing)), new Properties());

        assertThat(status(met, "ORSet: merging a state with its own descendant")).isEqualTo(Targets.Status.MET);
        assertThat(find(met, "ORSet: merging a state with its own descendant").measured())
                .startsWith("in process: 1.9x from elements=100, replicas=3 to elements=100000, replicas=3")
                .contains("decoded (a full merge, nothing shared): 4500.0x");
        assertThat(status(missed, "ORSet: merging a state with its own descendant")).isEqualTo(Targets.Status.MISSED);
    }

    /** One minimal JMH result of an {@code EnableWinsFlagBenchmark} method, which has no parameters. */
    private static String flagResult(String method, double nanos) {
        return "{\"benchmark\": \"dev.convergent.bench.EnableWinsFlagBenchmark." + method + "\", \"mode\": \"avgt\", "
                + "\"params\": {}, \"primaryMetric\": {\"score\": " + nanos + ", \"scoreError\": \"NaN\", "
                + "\"scoreUnit\": \"ns/op\"}}";
    }

    private static Properties properties(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private static Targets.Status status(List<Targets.Result> targets, String prefix) {
        return find(targets, prefix).status();
    }

    private static Targets.Result find(List<Targets.Result> targets, String prefix) {
        List<Targets.Result> found = targets.stream().filter(t -> t.target().startsWith(prefix))
                .collect(Collectors.toList());
        assertThat(found).as("targets starting with " + prefix).hasSize(1);
        return found.get(0);
    }
}
