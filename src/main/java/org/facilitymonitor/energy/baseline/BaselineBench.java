package org.facilitymonitor.energy.baseline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline benchmark of {@code bin/bench-energy}: CalTRACK daily baselines with the full grid
 * (2,014 candidates) for many meters, and the daily anomaly verdict of each, on generated meters
 * (a year of daily use from drawn balance points, slopes and noise, a quarter weather-insensitive).
 * Prints figures, never pass/fail. Run from the packaged service:
 * {@code java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' org.facilitymonitor.energy.baseline.BaselineBench --meters 500}
 */
public final class BaselineBench {

    private BaselineBench() {
    }

    public static void main(String[] args) {
        int meters = 500;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--meters" -> meters = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: BaselineBench [--meters N] [--seed N]");
                    System.exit(2);
                }
            }
        }
        List<List<UsagePeriod>> data = generate(meters, seed);
        CaltrackFitter fitter = new CaltrackFitter(CaltrackFitter.Settings.daily());
        say("%d generated meters, 366 days each (365 baseline + 1 checked); warming up on 30", meters);
        for (int i = 0; i < Math.min(30, meters); i++) {
            fitter.fit(data.get(i).subList(0, 365));
        }

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long fitted = 0;
        int hddCdd = 0;
        for (int i = 0; i < meters; i++) {
            CaltrackFitter.Fit f = fitter.fit(data.get(i).subList(0, 365));
            fitted += f.count(CandidateModel.Status.QUALIFIED) + f.count(CandidateModel.Status.DISQUALIFIED);
            if (f.selected() != null && f.selected().type() == CandidateModel.Type.HDD_CDD) {
                hddCdd++;
            }
            if ((i + 1) % 100 == 0) {
                say("  fitted %d of %d meters", i + 1, meters);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        double cpuMs = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
        say("baseline fit, full grid, 1 thread: %d meters in %.0f ms = %.2f ms per meter (CPU %.2f ms per meter);"
                + " %.0f candidates fitted per meter, %.1f µs per candidate; %d meters got HDD+CDD",
                meters, wall, wall / meters, cpuMs / meters, fitted / (double) meters, wall * 1000 / fitted, hddCdd);

        int threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger anomalous = new AtomicInteger();
        AtomicInteger noVerdict = new AtomicInteger();
        t0 = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(threads);
        pool.submit(() -> data.parallelStream().forEach(d -> {
            var v = DailyAnomaly.check(d.subList(0, 365), d.get(365), 3, fitter);
            if (v.isEmpty()) {
                noVerdict.incrementAndGet();
            } else if (v.get().anomalous()) {
                anomalous.incrementAndGet();
            }
        })).join();
        pool.shutdown();
        wall = (System.nanoTime() - t0) / 1e6;
        say("daily anomaly evaluation (fit + verdict), %d threads: %d meters in %.0f ms = %.2f ms per meter;"
                + " %d anomalous, %d without a verdict", threads, meters, wall, wall / meters, anomalous.get(), noVerdict.get());
    }

    private static void say(String format, Object... args) {
        System.out.println("bench-baselines: " + String.format(Locale.ROOT, format, args));
    }

    static List<List<UsagePeriod>> generate(int meters, long seed) {
        Random r = new Random(seed);
        LocalDate from = LocalDate.parse("2025-01-01");
        double[] t = new double[366];
        for (int d = 0; d < t.length; d++) {
            t[d] = 52 - 30 * Math.cos(2 * Math.PI * (d - 15) / 365.0) + 6 * r.nextGaussian();
        }
        List<List<UsagePeriod>> out = new ArrayList<>(meters);
        for (int m = 0; m < meters; m++) {
            boolean insensitive = m % 4 == 3;
            double base = 20 + 200 * r.nextDouble();
            double h = 50 + r.nextInt(15);
            double c = h + 5 + r.nextInt(15);
            double hs = insensitive ? 0 : base * (0.01 + 0.04 * r.nextDouble());
            double cs = insensitive ? 0 : base * (0.01 + 0.05 * r.nextDouble());
            double noise = base * (0.02 + 0.08 * r.nextDouble());
            List<UsagePeriod> days = new ArrayList<>(t.length);
            for (int d = 0; d < t.length; d++) {
                double use = Math.max(0, base + hs * DegreeDays.heating(t[d], h) + cs * DegreeDays.cooling(t[d], c)
                        + noise * r.nextGaussian());
                days.add(UsagePeriod.day(from.plusDays(d), use, t[d]));
            }
            out.add(days);
        }
        return out;
    }
}
