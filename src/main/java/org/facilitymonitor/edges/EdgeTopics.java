package org.facilitymonitor.edges;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** What an edge account may do on the broker: contract v1's topics of that edge, nothing else. */
final class EdgeTopics {

    private EdgeTopics() {
    }

    static List<String> publishes(String site, String edge) {
        String base = "fm/v1/" + site + "/" + edge + "/";
        return List.of(base + "data", base + "state", base + "status");
    }

    static List<String> subscribes(String site, String edge) {
        return List.of("fm/v1/" + site + "/" + edge + "/cmd/#", "fm/v1/" + site + "/dead-letter/" + edge,
                "fm/v1/" + site + "/" + edge + "/receipt");
    }

    /** The role's ACLs; everything else falls to the broker's default, deny. */
    static ArrayNode acls(String site, String edge) {
        ArrayNode acls = DynamicSecurity.array();
        for (String topic : publishes(site, edge)) {
            acl(acls, "publishClientSend", topic);
        }
        for (String topic : subscribes(site, edge)) {
            acl(acls, "subscribePattern", topic);
            acl(acls, "publishClientReceive", topic);
            acl(acls, "unsubscribePattern", topic);
        }
        return acls;
    }

    private static void acl(ArrayNode acls, String type, String topic) {
        acls.addObject().put("acltype", type).put("topic", topic).put("allow", true);
    }
}
