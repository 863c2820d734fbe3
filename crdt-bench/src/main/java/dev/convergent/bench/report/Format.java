package dev.convergent.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Number and text formatting shared by the markdown and the charts. */
final class Format {

    /** The mark after a time whose iterations spread too far ({@link Measurement#unsteady}). */
    static final String UNSTEADY = "(unsteady)";

    private Format() {
    }

    /** Formats nanoseconds with a unit that keeps three significant digits: {@code 12.3 ns}, {@code 4.56 µs}. */
    static String time(double nanos) {
        if (Double.isNaN(nanos)) {
            return "-";
        }
        String[] units = {"ns", "µs", "ms", "s"};
        double value = nanos;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return significant(value) + " " + units[unit];
    }

    /** Formats a power of ten of nanoseconds for an axis: {@code 1 ns}, {@code 10 µs}. */
    static String tick(int exponent) {
        String[] units = {"ns", "µs", "ms", "s"};
        int unit = Math.min(Math.max(exponent, 0) / 3, units.length - 1);
        double value = Math.pow(10, exponent - 3 * unit);
        return (value >= 1 ? String.format(Locale.ROOT, "%.0f", value) : String.valueOf(value)) + " " + units[unit];
    }

    /** Formats a ratio as {@code 12.3x}; large ones grouped ({@code 2,187,000x}), small ones to two digits. */
    static String ratio(double ratio) {
        if (ratio >= 1000) {
            return new BigDecimal(ratio).round(new MathContext(4)).setScale(0, RoundingMode.HALF_UP)
                    .toBigInteger().toString().replaceAll("(\\d)(?=(\\d{3})+$)", "$1,") + "x";
        }
        if (ratio > 0 && ratio < 0.1) {
            return new BigDecimal(ratio).round(new MathContext(2)).toPlainString() + "x";
        }
        return significant(ratio) + "x";
    }

    /** Formats bytes per operation; JMH reports tiny fractions for allocation-free code. */
    static String bytes(Double bytes) {
        if (bytes == null || Double.isNaN(bytes)) {
            return "-";
        }
        return bytes < 1 ? "0 B" : String.format(Locale.ROOT, "%.0f B", bytes);
    }

    private static String significant(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Escapes the characters markdown tables would misread. */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
