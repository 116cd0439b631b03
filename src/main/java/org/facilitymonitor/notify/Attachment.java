package org.facilitymonitor.notify;

import java.util.Objects;

/** A file sent with every e-mail of one event (stored once per event key in {@code notification_attachment}). */
public record Attachment(String fileName, String contentType, byte[] content) {

    public Attachment {
        if (fileName == null || fileName.isBlank() || fileName.length() > 200 || fileName.contains("/")) {
            throw new IllegalArgumentException("fileName must be 1 to 200 characters without '/': " + fileName);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
