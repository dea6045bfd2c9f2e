package io.backline.app;

import java.util.List;

/**
 * The least-squares line through one metric's samples, and whether it grew beyond noise.
 *
 * <p>"Beyond noise" means: the growth the line projects over the whole run is larger than both a
 * floor ({@code tolerance}: what one more connection, one more thread or a few MB of heap
 * fluctuation amounts to) and twice the standard deviation of the samples around the line. A flat
 * but noisy series projects a growth well under 2σ; a steady leak has small residuals and a
 * projected growth that keeps rising with the run's length.
 *
 * @param slope change per minute
 * @param growth {@code slope} times the run's length in minutes
 * @param noise standard deviation of the samples around the line
 */
record SoakTrend(String metric, String unit, double first, double last, double slope, double growth, double noise,
        double tolerance) {

    static SoakTrend of(String metric, String unit, List<Double> minutes, List<Double> values, double tolerance) {
        int n = values.size();
        double meanX = minutes.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double meanY = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (minutes.get(i) - meanX) * (values.get(i) - meanY);
            sxx += (minutes.get(i) - meanX) * (minutes.get(i) - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double intercept = meanY - slope * meanX;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double residual = values.get(i) - (intercept + slope * minutes.get(i));
            squares += residual * residual;
        }
        double noise = n > 2 ? Math.sqrt(squares / (n - 2)) : 0;
        double span = n == 0 ? 0 : minutes.getLast() - minutes.getFirst();
        return new SoakTrend(metric, unit, n == 0 ? 0 : values.getFirst(), n == 0 ? 0 : values.getLast(), slope,
                slope * span, noise, tolerance);
    }

    boolean grows() {
        return growth > Math.max(tolerance, 2 * noise);
    }

    String verdict() {
        return grows() ? "GROWS" : "flat (within noise)";
    }

    String row() {
        return "| %s | %s | %s | %s/min | %s | %s | %s |".formatted(metric, format(first) + " " + unit,
                format(last) + " " + unit, format(slope), format(growth), format(Math.max(tolerance, 2 * noise)), verdict());
    }

    private static String format(double value) {
        return Math.abs(value) >= 100 || value == Math.rint(value) ? "%.0f".formatted(value) : "%.2f".formatted(value);
    }
}
