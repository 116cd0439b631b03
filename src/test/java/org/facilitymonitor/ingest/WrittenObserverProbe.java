package org.facilitymonitor.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;

/** A test observer: tells the hooks a test sets, if any, of batches about to be written, written and stored. */
@ApplicationScoped
public class WrittenObserverProbe implements StoredReadingsObserver {

    private volatile Consumer<DecodedBatch> writing;
    private volatile Consumer<DecodedBatch> written;
    private volatile Consumer<DecodedBatch> stored;

    public void hooks(Consumer<DecodedBatch> written, Consumer<DecodedBatch> stored) {
        this.written = written;
        this.stored = stored;
    }

    public void writingHook(Consumer<DecodedBatch> writing) {
        this.writing = writing;
    }

    @Override
    public void writing(DecodedBatch batch) {
        Consumer<DecodedBatch> h = writing;
        if (h != null) {
            h.accept(batch);
        }
    }

    @Override
    public void written(DecodedBatch batch) {
        Consumer<DecodedBatch> h = written;
        if (h != null) {
            h.accept(batch);
        }
    }

    @Override
    public void stored(DecodedBatch batch) {
        Consumer<DecodedBatch> h = stored;
        if (h != null) {
            h.accept(batch);
        }
    }
}
