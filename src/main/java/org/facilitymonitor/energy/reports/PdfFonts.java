package org.facilitymonitor.energy.reports;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * Finds the TrueType font a PDF report is written in: the first of the configured files (a .ttf,
 * or a font of a .ttc collection) with glyphs for Latin text and, for Chinese, for CJK ideographs.
 */
final class PdfFonts {

    /** A usable font: its file and, in a collection, its PostScript name. */
    record FontFile(Path file, String name, boolean collection) {
    }

    private static final String LATIN_SAMPLE = "Aa1";
    private static final String CJK_SAMPLE = "能源报告";

    private PdfFonts() {
    }

    static Optional<FontFile> find(List<String> files, boolean cjk) {
        String sample = cjk ? LATIN_SAMPLE + CJK_SAMPLE : LATIN_SAMPLE;
        for (String name : files) {
            Path file = Path.of(name.trim());
            if (!Files.isReadable(file)) {
                continue;
            }
            try {
                Optional<FontFile> found = name.toLowerCase().endsWith(".ttc") ? inCollection(file, sample) : single(file, sample);
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException | RuntimeException e) {
                Log.warnf("PDF font %s unreadable, skipped: %s", file, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<FontFile> single(Path file, String sample) throws IOException {
        try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()))) {
            return covers(ttf, sample) ? Optional.of(new FontFile(file, ttf.getName(), false)) : Optional.empty();
        }
    }

    private static Optional<FontFile> inCollection(Path file, String sample) throws IOException {
        AtomicReference<FontFile> found = new AtomicReference<>();
        try (TrueTypeCollection collection = new TrueTypeCollection(file.toFile())) {
            collection.processAllFonts(ttf -> {
                if (found.get() == null && covers(ttf, sample)) {
                    found.set(new FontFile(file, ttf.getName(), true));
                }
            });
        }
        return Optional.ofNullable(found.get());
    }

    private static boolean covers(TrueTypeFont ttf, String sample) throws IOException {
        var cmap = ttf.getUnicodeCmapLookup(false);
        if (cmap == null) {
            return false;
        }
        return sample.codePoints().allMatch(cp -> cmap.getGlyphId(cp) > 0);
    }
}
