package dev.convergent.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart of one type family in SVG: for each row our time and Pekko's, on a logarithmic axis, so
 * that a 10x gap looks the same at every size. Drawn with {@link Svg}, as the cart simulation's chart is.
 */
final class SvgChart {

    static final String OURS_COLOR = "#2b6cb0";
    static final String PEKKO_COLOR = "#dd6b20";

    private static final int WIDTH = 1000;
    private static final int LABEL_WIDTH = 370;
    private static final int VALUE_WIDTH = 80;
    private static final int TOP = 56;
    private static final int BAR = 9;
    private static final int ROW = 2 * BAR + 10;
    private static final int AXIS = 34;

    private SvgChart() {
    }

    /** Renders the rows of one family; rows without a time per operation are left out. */
    static String render(String family, List<Row> rows) {
        List<Row> shown = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Row r : rows) {
            double ours = nanos(r.ours());
            double pekko = nanos(r.pekko());
            if (!(ours > 0) && !(pekko > 0)) {
                continue;
            }
            shown.add(r);
            for (double v : new double[] {ours, pekko}) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        int plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        int height = TOP + Math.max(1, shown.size()) * ROW + AXIS;
        int lowExp = shown.isEmpty() ? 0 : (int) Math.floor(Math.log10(min));
        int highExp = shown.isEmpty() ? 1 : (int) Math.ceil(Math.log10(max));
        if (highExp <= lowExp) {
            highExp = lowExp + 1;
        }
        Scale scale = new Scale(lowExp, highExp, LABEL_WIDTH, plotWidth);

        Svg svg = new Svg(WIDTH, height);
        svg.text(10, 20, "font-size=\"14\" font-weight=\"bold\"", family
                + ": time per operation, log scale (shorter is faster)");
        svg.legend(LABEL_WIDTH, 40, OURS_COLOR, "Convergent");
        svg.legend(LABEL_WIDTH + 120, 40, PEKKO_COLOR, "Pekko Distributed Data");

        int plotBottom = TOP + Math.max(1, shown.size()) * ROW;
        for (int e = lowExp; e <= highExp; e++) {
            double x = scale.x(Math.pow(10, e));
            svg.line(x, TOP - 4, x, plotBottom, "#dddddd");
            svg.text(x, plotBottom + 16, "text-anchor=\"middle\" fill=\"#555555\"", Format.tick(e));
        }
        int y = TOP;
        for (Row r : shown) {
            String label = r.label() + (r.params().isEmpty() ? "" : " (" + r.params() + ")");
            svg.text(LABEL_WIDTH - 8, y + BAR + 4, "text-anchor=\"end\"", label);
            bar(svg, scale, y, nanos(r.ours()), OURS_COLOR);
            bar(svg, scale, y + BAR + 1, nanos(r.pekko()), PEKKO_COLOR);
            y += ROW;
        }
        svg.line(LABEL_WIDTH, plotBottom, LABEL_WIDTH + plotWidth, plotBottom, "#333333");
        return svg.finish();
    }

    private static void bar(Svg svg, Scale scale, int y, double nanos, String color) {
        if (!(nanos > 0)) {
            return;
        }
        double end = scale.x(nanos);
        svg.rect(scale.left, y, Math.max(1, end - scale.left), BAR, color, Format.time(nanos));
        svg.text(Math.max(end, scale.left + 1) + 4, y + BAR - 1, "font-size=\"9\" fill=\"#333333\"",
                Format.time(nanos));
    }

    private static double nanos(Measurement m) {
        return m == null ? Double.NaN : m.nanosPerOp();
    }

    /** Maps nanoseconds to x on a log axis spanning whole decades. */
    private static final class Scale {
        final int lowExp;
        final int highExp;
        final int left;
        final int width;

        Scale(int lowExp, int highExp, int left, int width) {
            this.lowExp = lowExp;
            this.highExp = highExp;
            this.left = left;
            this.width = width;
        }

        double x(double nanos) {
            return left + (Math.log10(nanos) - lowExp) / (highExp - lowExp) * width;
        }
    }
}
