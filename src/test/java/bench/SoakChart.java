package bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The soak's samples as an SVG of small charts, one a measure, minutes along the bottom: flat lines are the goal. */
final class SoakChart {

    private static final int WIDTH = 300;
    private static final int HEIGHT = 130;
    private static final int MARGIN = 36;
    private static final int COLUMNS = 3;

    private record Series(String label, String colour, ToDoubleFunction<Soak.Sample> value) {
    }

    private record Panel(String title, List<Series> series) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("heap (MB)", List.of(new Series("in use", "#4e79a7", Soak.Sample::heapMb),
                    new Series("old gen after GC", "#e15759", Soak.Sample::oldAfterGcMb))),
            new Panel("RSS (MB)", List.of(new Series("JVM", "#4e79a7", Soak.Sample::jvmRssMb),
                    new Series("dynalite", "#f28e2b", Soak.Sample::dynaliteAnonMb),
                    new Series("its mapped files", "#bab0ac", Soak.Sample::dynaliteFileMb))),
            new Panel("threads", List.of(new Series("live", "#4e79a7", s -> s.threads()))),
            new Panel("open files", List.of(new Series("JVM + dynalite", "#4e79a7", s -> s.openFiles()))),
            new Panel("jobs ended a minute", List.of(new Series("jobs", "#59a14f", Soak.Sample::jobsEnded))),
            new Panel("latency (ms)", List.of(new Series("job p95", "#4e79a7", Soak.Sample::completionP95Ms),
                    new Series("request p99", "#e15759", Soak.Sample::requestP99Ms))));

    private SoakChart() {
    }

    /** Draws a soak's CSV again ({@code target/soak.csv} by default) into the SVG named second (default beside it). */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path csv = java.nio.file.Path.of(args.length > 0 ? args[0] : "target/soak.csv");
        java.nio.file.Path svg = args.length > 1 ? java.nio.file.Path.of(args[1]) : csv.resolveSibling("soak.svg");
        List<Soak.Sample> samples = java.nio.file.Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank())
                .map(SoakChart::sample).toList();
        java.nio.file.Files.writeString(svg, svg(samples));
    }

    private static Soak.Sample sample(String line) {
        String[] f = line.split(",");
        return new Soak.Sample(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]),
                Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]), Integer.parseInt(f[11]),
                // the outcomes per minute came later: older files have jobs ended only
                f.length > 12 ? Double.parseDouble(f[12]) : Double.NaN, f.length > 13 ? Double.parseDouble(f[13]) : Double.NaN);
    }

    static String svg(List<Soak.Sample> samples) {
        int rows = (PANELS.size() + COLUMNS - 1) / COLUMNS;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"10\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                COLUMNS * (WIDTH + MARGIN) + MARGIN, rows * (HEIGHT + 2 * MARGIN)));
        for (int i = 0; i < PANELS.size(); i++) {
            panel(svg, PANELS.get(i), samples, MARGIN + (i % COLUMNS) * (WIDTH + MARGIN), MARGIN + (i / COLUMNS) * (HEIGHT + 2 * MARGIN));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Panel panel, List<Soak.Sample> samples, int left, int top) {
        double max = 0;
        for (Series series : panel.series()) {
            for (Soak.Sample sample : samples) {
                double v = series.value().applyAsDouble(sample);
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        double top10 = niceCeiling(max);
        int lastMinute = samples.get(samples.size() - 1).minute();
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", left, top - 8, panel.title()));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#bbb\"/>%n",
                left, top, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 3, top + 8, format(top10)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", left - 3, top + HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d min</text>%n", left + WIDTH,
                top + HEIGHT + 12, lastMinute));
        int legend = 0;
        for (Series series : panel.series()) {
            StringBuilder points = new StringBuilder();
            for (Soak.Sample sample : samples) {
                double v = series.value().applyAsDouble(sample);
                if (!Double.isNaN(v)) {
                    double x = left + WIDTH * sample.minute() / (double) Math.max(1, lastMinute);
                    double y = top + HEIGHT - HEIGHT * v / top10;
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    series.colour(), points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + 4 + legend,
                    top + HEIGHT + 24, series.colour(), series.label()));
            legend += 95;
        }
    }

    /** The axis' top: 1, 2 or 5 times a power of ten, at least the largest value. */
    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
