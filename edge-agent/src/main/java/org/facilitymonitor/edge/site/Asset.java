package org.facilitymonitor.edge.site;

import java.util.List;

/** An asset; {@code kind} is a Brick class name, {@code tags} are Haystack-style markers. */
public record Asset(String id, String name, String kind, String building, String zone, String department,
                    String parent, List<String> tags, List<Point> points) {

    public Asset {
        tags = tags == null ? List.of() : List.copyOf(tags);
        points = points == null ? List.of() : List.copyOf(points);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
