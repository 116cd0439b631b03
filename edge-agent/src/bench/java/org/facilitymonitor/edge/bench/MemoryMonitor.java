package org.facilitymonitor.edge.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Samples this JVM's memory every {@code intervalMs} and keeps the peaks per phase (fill, drain):
 * heap used ({@link MemoryMXBean}), heap used after the last collection of each heap pool (the sum
 * of {@link MemoryPoolMXBean#getCollectionUsage()}), heap after each GC (GC notifications, exact
 * per collection) and the process RSS ({@code VmRSS} of /proc/self/status).
 */
final class MemoryMonitor implements AutoCloseable {

    /** Peaks of one phase, in bytes; -1 when not measured (no /proc, no collection yet). */
    static final class Peaks {
        volatile long heapUsed;
        volatile long postGcCollectionUsage = -1;
        volatile long afterGc = -1;
        volatile long rss = -1;
        volatile long samples;
        volatile long gcs;
        final Map<String, Long> postGcByPool = new ConcurrentHashMap<>();

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peak_heap_used_bytes", heapUsed);
            m.put("peak_post_gc_heap_bytes_collection_usage", postGcCollectionUsage);
            m.put("peak_heap_after_gc_bytes_notifications", afterGc);
            m.put("peak_post_gc_by_pool_bytes", new LinkedHashMap<>(postGcByPool));
            m.put("gcs", gcs);
            m.put("peak_rss_bytes", rss);
            m.put("samples", samples);
            return m;
        }
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final Map<String, Peaks> phases = new LinkedHashMap<>();
    private final Peaks overall = new Peaks();
    private final long intervalMs;
    private final Thread thread;
    private final List<Runnable> listenersToRemove = new ArrayList<>();
    private volatile Peaks current;
    private volatile boolean stopped;

    MemoryMonitor(long intervalMs) {
        this.intervalMs = intervalMs;
        this.thread = new Thread(this::loop, "bench-memory-monitor");
        this.thread.setDaemon(true);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                javax.management.NotificationListener l = (n, h) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        onGc(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()));
                    }
                };
                emitter.addNotificationListener(l, null, null);
                listenersToRemove.add(() -> {
                    try {
                        emitter.removeNotificationListener(l);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // gone already
                    }
                });
            }
        }
    }

    /** Starts sampling; peaks go to {@code name} until the next call. */
    synchronized void phase(String name) {
        Peaks p = phases.computeIfAbsent(name, n -> new Peaks());
        current = p;
        if (!thread.isAlive() && !stopped) {
            thread.start();
        }
        sample(); // at once, so that even a short phase has one sample
    }

    Map<String, Object> report() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        m.put("heap_max_bytes", memory.getHeapMemoryUsage().getMax());
        m.put("heap_pools", heapPools.stream().map(MemoryPoolMXBean::getName).toList());
        m.put("sample_interval_ms", intervalMs);
        m.put("overall", overall.toMap());
        Map<String, Object> byPhase = new LinkedHashMap<>();
        synchronized (this) {
            phases.forEach((k, v) -> byPhase.put(k, v.toMap()));
        }
        m.put("phases", byPhase);
        long gcCount = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        m.put("gc_count", gcCount);
        m.put("gc_time_ms", gcMs);
        m.put("vm_hwm_bytes", procStatus("VmHWM"));
        m.put("vm_rss_bytes_at_end", procStatus("VmRSS"));
        return m;
    }

    Peaks phasePeaks(String name) {
        synchronized (this) {
            return phases.get(name);
        }
    }

    Peaks overall() {
        return overall;
    }

    long heapUsedNow() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void loop() {
        while (!stopped) {
            sample();
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        Peaks p = current;
        long used = memory.getHeapMemoryUsage().getUsed();
        long postGc = 0;
        boolean anyPostGc = false;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage u = pool.getCollectionUsage();
            if (u != null) {
                anyPostGc = true;
                postGc += u.getUsed();
                if (p != null) {
                    p.postGcByPool.merge(pool.getName(), u.getUsed(), Math::max);
                }
                overall.postGcByPool.merge(pool.getName(), u.getUsed(), Math::max);
            }
        }
        long rss = procStatus("VmRSS");
        for (Peaks x : p == null ? List.of(overall) : List.of(overall, p)) {
            x.samples++;
            x.heapUsed = Math.max(x.heapUsed, used);
            if (anyPostGc) {
                x.postGcCollectionUsage = Math.max(x.postGcCollectionUsage, postGc);
            }
            if (rss >= 0) {
                x.rss = Math.max(x.rss, rss);
            }
        }
    }

    private synchronized void onGc(GarbageCollectionNotificationInfo info) {
        long after = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPoolNames.contains(e.getKey())) {
                after += e.getValue().getUsed();
            }
        }
        Peaks p = current;
        for (Peaks x : p == null ? List.of(overall) : List.of(overall, p)) {
            x.gcs++;
            x.afterGc = Math.max(x.afterGc, after);
        }
    }

    /** A /proc/self/status field in bytes (its kB value), -1 when unavailable. */
    static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        listenersToRemove.forEach(Runnable::run);
    }
}
