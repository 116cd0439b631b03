package org.facilitymonitor.assets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Reads a site description from YAML or JSON (JSON is YAML, so one parser serves both). Unknown
 * fields are collected rather than failing on the first, so a typo report names every one.
 */
public final class SiteDescriptionParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private SiteDescriptionParser() {
    }

    /** @throws ProblemException 400 when the text is not YAML/JSON of the right shape, 422 on unknown fields */
    public static SiteDescription parse(byte[] text) {
        List<FieldError> unknown = new ArrayList<>();
        SiteDescription description;
        try {
            description = YAML.reader()
                    .withHandler(new CollectUnknownFields(unknown))
                    .forType(SiteDescription.class)
                    .readValue(text);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("site description is not valid YAML/JSON of the expected shape: "
                    + e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            throw ProblemException.badRequest("site description could not be read: " + e.getMessage());
        }
        if (description == null) {
            throw ProblemException.badRequest("site description is empty");
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid("site description has unknown fields", unknown);
        }
        return description;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static final class CollectUnknownFields extends DeserializationProblemHandler {
        private final List<FieldError> unknown;

        CollectUnknownFields(List<FieldError> unknown) {
            this.unknown = unknown;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            String path = pathOf(p, propertyName);
            unknown.add(new FieldError(path.isEmpty() ? propertyName : path + "." + propertyName, "unknown field"));
            p.skipChildren();
            return true;
        }

        /** Path of the object holding the unknown field, e.g. assets[3].points[0]. */
        private static String pathOf(JsonParser p, String propertyName) {
            JsonStreamContext holder = p.getParsingContext();
            while (holder.getParent() != null && !(holder.inObject() && propertyName.equals(holder.getCurrentName()))) {
                holder = holder.getParent();
            }
            List<String> parts = new ArrayList<>();
            for (JsonStreamContext c = holder.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.add(0, "[" + c.getCurrentIndex() + "]");
                } else if (c.getCurrentName() != null) {
                    parts.add(0, "." + c.getCurrentName());
                }
            }
            String path = String.join("", parts);
            return path.startsWith(".") ? path.substring(1) : path;
        }
    }
}
