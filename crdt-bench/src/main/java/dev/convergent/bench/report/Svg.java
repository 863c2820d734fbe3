package dev.convergent.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * The SVG building blocks the charts of this module share: the benchmark report's bar charts and the cart
 * simulation's time series. Writes plain SVG 1.1 with no script or external reference; every text and attribute
 * value is escaped. A builder: add elements in drawing order, then {@link #finish()} once.
 */
public final class Svg {

    private final StringBuilder out = new StringBuilder();
    private boolean finished;

    /**
     * Starts a document of {@code width} by {@code height} pixels on a white background.
     *
     * @param width the width in pixels
     * @param height the height in pixels
     */
    public Svg(int width, int height) {
        out.append(String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        out.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n",
                width, height));
    }

    /**
     * Adds a text; {@code attributes} are extra attributes written as given (for example
     * {@code text-anchor="end"}), or empty.
     *
     * @param x the x of the anchor
     * @param y the y of the baseline
     * @param attributes extra attributes, already well-formed, or ""
     * @param text the text, escaped here
     * @return this builder
     */
    public Svg text(double x, double y, String attributes, String text) {
        out.append("  <text x=\"").append(number(x)).append("\" y=\"").append(number(y)).append('"')
                .append(attributes.isEmpty() ? "" : " " + attributes).append('>').append(xml(text))
                .append("</text>\n");
        return this;
    }

    /**
     * Adds a straight line.
     *
     * @param x1 the x of one end
     * @param y1 the y of one end
     * @param x2 the x of the other end
     * @param y2 the y of the other end
     * @param stroke the colour, such as {@code #333333}
     * @return this builder
     */
    public Svg line(double x1, double y1, double x2, double y2, String stroke) {
        return line(x1, y1, x2, y2, stroke, "");
    }

    /**
     * Adds a straight line with extra attributes, such as {@code stroke-dasharray="4 3"}.
     *
     * @param x1 the x of one end
     * @param y1 the y of one end
     * @param x2 the x of the other end
     * @param y2 the y of the other end
     * @param stroke the colour, such as {@code #333333}
     * @param attributes extra attributes, already well-formed, or ""
     * @return this builder
     */
    public Svg line(double x1, double y1, double x2, double y2, String stroke, String attributes) {
        out.append(String.format(Locale.ROOT, "  <line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"%s/>%n",
                number(x1), number(y1), number(x2), number(y2), xml(stroke), attributes.isEmpty() ? "" : " "
                + attributes));
        return this;
    }

    /**
     * Adds a filled rectangle with an optional tooltip.
     *
     * @param x the left edge
     * @param y the top edge
     * @param width the width
     * @param height the height
     * @param fill the colour
     * @param title the tooltip, or null for none
     * @return this builder
     */
    public Svg rect(double x, double y, double width, double height, String fill, String title) {
        out.append(String.format(Locale.ROOT, "  <rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"",
                number(x), number(y), number(width), number(height), xml(fill)));
        out.append(title == null ? "/>\n" : "><title>" + xml(title) + "</title></rect>\n");
        return this;
    }

    /**
     * Adds a legend entry: a small swatch of {@code color} and {@code text} after it.
     *
     * @param x the left edge of the swatch
     * @param y the baseline of the text
     * @param color the swatch's colour
     * @param text the label
     * @return this builder
     */
    public Svg legend(double x, double y, String color, String text) {
        rect(x, y - 9, 12, 10, color, null);
        return text(x + 16, y, "", text);
    }

    /**
     * Adds an unfilled line through {@code points}, each {@code {x, y}}, with an id and a tooltip.
     *
     * @param id the element's id (unique in the document), such as {@code divergence}
     * @param points the points in drawing order, at least one
     * @param color the stroke colour
     * @param title the tooltip
     * @return this builder
     * @throws IllegalArgumentException if there are no points
     */
    public Svg polyline(String id, List<double[]> points, String color, String title) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a polyline needs at least one point");
        }
        StringBuilder p = new StringBuilder();
        for (double[] point : points) {
            p.append(p.length() == 0 ? "" : " ").append(number(point[0])).append(',').append(number(point[1]));
        }
        out.append("  <polyline id=\"").append(xml(id)).append("\" fill=\"none\" stroke=\"").append(xml(color))
                .append("\" stroke-width=\"1.5\" points=\"").append(p).append("\"><title>").append(xml(title))
                .append("</title></polyline>\n");
        return this;
    }

    /**
     * Opens a group, closed by {@link #closeGroup()}.
     *
     * @param id the group's id (unique in the document)
     * @return this builder
     */
    public Svg openGroup(String id) {
        out.append("  <g id=\"").append(xml(id)).append("\">\n");
        return this;
    }

    /**
     * Closes the group opened last.
     *
     * @return this builder
     */
    public Svg closeGroup() {
        out.append("  </g>\n");
        return this;
    }

    /**
     * Ends the document and returns it.
     *
     * @return the SVG text
     * @throws IllegalStateException if called twice
     */
    public String finish() {
        if (finished) {
            throw new IllegalStateException("the document is finished");
        }
        finished = true;
        out.append("</svg>\n");
        return out.toString();
    }

    /**
     * A coordinate as SVG writes it: whole numbers without a fraction, others to one decimal.
     *
     * @param v the coordinate
     * @return its text
     */
    public static String number(double v) {
        double rounded = Math.round(v * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
    }

    /**
     * Escapes text for XML content and attribute values.
     *
     * @param text the text
     * @return the text with {@code & < > "} escaped
     */
    public static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
