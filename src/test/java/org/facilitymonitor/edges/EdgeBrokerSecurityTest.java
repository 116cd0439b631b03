package org.facilitymonitor.edges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RestRequests;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.facilitymonitor.testing.TestSubscriber;
import org.facilitymonitor.testing.TestUsers;
import org.junit.jupiter.api.Test;

/**
 * Edges provisioned over REST try what an attacker with one edge's credentials would try on the
 * real broker (dynamic-security plugin): others' topics, wildcard and shared subscriptions,
 * another client id, points another edge serves. Each is refused or rejected, and the legitimate
 * traffic around the attempts is stored in full.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class EdgeBrokerSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NOT_AUTHORIZED = 0x87;
    private static final String SITE = "demo-campus";

    @InjectStack
    NativeStack stack;
    @jakarta.inject.Inject
    DynamicSecurity dynsec;
    @jakarta.inject.Inject
    EdgeGrants grants;

    record Account(String id, String username, String clientId, String password) {
    }

    @Test
    void anEdgeMayUseOnlyItsOwnTopicsAndClientId() throws Exception {
        String tag = tag();
        String otherSite = "sec-site-" + tag;
        given().contentType(ContentType.JSON).body(Map.of("name", "Other site", "timezone", "UTC"))
                .put("/api/sites/" + otherSite).then().statusCode(201);
        Account a = provision("sec-a-" + tag, SITE);
        Account b = provision("sec-b-" + tag, SITE);
        Account elsewhere = provision("sec-c-" + tag, otherSite);

        given().get("/api/edges").then().statusCode(200).body("id", hasItem(a.id()))
                .body("find { it.id == '" + a.id() + "' }.password", nullValue());
        given().get("/api/edges/" + a.id()).then().statusCode(200).body("site", equalTo(SITE))
                .body("clientId", equalTo(a.id())).body("enabled", equalTo(true)).body("password", nullValue());
        given().contentType(ContentType.JSON).body(Map.of("id", a.id(), "site", SITE)).post("/api/edges")
                .then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("id", "x-" + tag, "site", "no-such-site")).post("/api/edges")
                .then().statusCode(404).body("detail", equalTo("site 'no-such-site' does not exist"));
        given().contentType(ContentType.JSON).body(Map.of("id", "Bad Id", "site", SITE)).post("/api/edges")
                .then().statusCode(422).body("errors[0].field", equalTo("id"));

        long seq = uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        try (TestSubscriber service = new TestSubscriber(stack.mqttUrl(), "fm-service", stack.setting("FM_MQTT_PASSWORD"), "fm/#")) {
            MqttAsyncClient edgeA = connect(a.username(), a.clientId(), a.password());
            MqttAsyncClient edgeC = connect(elsewhere.username(), elsewhere.clientId(), elsewhere.password());

            assertThat(connectRc(a.username(), "not-" + a.clientId(), a.password())).as("own account, another client id")
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(connectRc(b.username(), a.clientId(), b.password())).as("another account taking over a's client id")
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(edgeA.isConnected()).as("a's session was not taken over").isTrue();

            assertThat(subscribeRc(edgeA, "#")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribeRc(edgeA, "$SYS/#")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribeRc(edgeA, "$share/fm-service/fm/v1/+/+/data")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/+/data")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/" + b.id() + "/cmd/#")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/dead-letter/" + b.id())).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/" + a.id() + "/cmd/#")).as("its own commands").isEqualTo(1);

            String point = "office-elec-admin-power";
            int legit = 0;
            for (int i = 0; i < 3; i++) {
                assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/" + a.id() + "/data",
                        TestEdge.batch(SITE, a.id(), seq + i, false, List.<Object[]>of(new Object[] { point, ts + i, 1.0 + i }))))
                        .isZero();
                legit++;
            }
            byte[] forged = TestEdge.batch(SITE, b.id(), seq + 10, false, List.<Object[]>of(new Object[] { point, ts + 10, 666.0 }));
            assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/" + b.id() + "/data", forged)).as("another edge's topic")
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(publishRc(edgeC, "fm/v1/" + SITE + "/" + elsewhere.id() + "/data",
                    TestEdge.batch(SITE, elsewhere.id(), seq + 11, false, List.<Object[]>of(new Object[] { point, ts + 11, 666.0 }))))
                    .as("another site's topic").isEqualTo(NOT_AUTHORIZED);
            assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/dead-letter/" + b.id(), "{}".getBytes(StandardCharsets.UTF_8)))
                    .as("a fake dead letter").isEqualTo(NOT_AUTHORIZED);
            assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/alerts/critical", "{}".getBytes(StandardCharsets.UTF_8)))
                    .as("a fake alert").isEqualTo(NOT_AUTHORIZED);
            // The marker: a's messages reach subscribers in the order sent, so once it is here the refused ones would be too.
            assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/" + a.id() + "/data",
                    TestEdge.batch(SITE, a.id(), seq + 3, false, List.<Object[]>of(new Object[] { point, ts + 3, 4.0 }))))
                    .isZero();
            legit++;
            String marker = "fm/v1/" + SITE + "/" + a.id() + "/data";
            await().atMost(Duration.ofSeconds(30)).until(() -> service.received().stream()
                    .filter(m -> m.topic().equals(marker)).count() == 4);
            assertThat(service.received()).extracting(TestSubscriber.Received::topic)
                    .as("nothing refused reached a subscriber")
                    .doesNotContain("fm/v1/" + SITE + "/" + b.id() + "/data", "fm/v1/" + SITE + "/" + elsewhere.id() + "/data",
                            "fm/v1/" + SITE + "/dead-letter/" + b.id(), "fm/v1/" + SITE + "/alerts/critical");
            edgeA.disconnect().waitForCompletion(5000);
            edgeC.disconnect().waitForCompletion(5000);

            InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
            int expected = legit;
            await().atMost(Duration.ofSeconds(30)).until(() -> influx.countWhere("\"seq\" >= " + seq + " AND \"seq\" < " + (seq + 20)) == expected);
            assertThat(influx.query("SELECT max(\"power_kw\") FROM \"electricity\" WHERE \"seq\" >= " + seq + " AND \"seq\" < "
                    + (seq + 20)).get(0).rows().get(0).get(1).asDouble()).as("no forged value stored").isEqualTo(4.0);
        }
    }

    @Test
    void readingsOfPointsAnotherEdgeServesAreRejectedAndTheRestStored() throws Exception {
        String tag = tag();
        Account a = provision("own-a-" + tag, SITE);
        Account b = provision("own-b-" + tag, SITE);
        String pointA = "own-" + tag + "-a";
        String pointB = "own-" + tag + "-b";
        putAsset("own-" + tag + "-asset-a", a.id(), pointA);
        putAsset("own-" + tag + "-asset-b", b.id(), pointB);
        given().get("/api/assets/own-" + tag + "-asset-a").then().statusCode(200).body("edge", equalTo(a.id()));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "kind", "Meter", "building", "office",
                "edge", "Not An Edge")).put("/api/assets/own-" + tag + "-bad").then().statusCode(422)
                .body("errors.field", hasItem("assets[0].edge"));

        double notOwnerBefore = Metrics.rejectedReadings("not-owner");
        double unownedBefore = Metrics.value("fm_ingest_readings_unowned_total");
        long seq = uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        try (TestSubscriber deadLetters = new TestSubscriber(stack.mqttUrl(), "fm-service", stack.setting("FM_MQTT_PASSWORD"),
                "fm/v1/" + SITE + "/dead-letter/" + a.id())) {
            MqttAsyncClient edgeA = connect(a.username(), a.clientId(), a.password());
            assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/" + a.id() + "/data", TestEdge.batch(SITE, a.id(), seq, false,
                    List.<Object[]>of(new Object[] { pointA, ts, 1.5 }, new Object[] { pointB, ts, 99.0 },
                            new Object[] { "office-water-flow", ts, 0.25 }, new Object[] { pointA, ts + 1, 2.5 }))))
                    .isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters.received().isEmpty());
            edgeA.disconnect().waitForCompletion(5000);
        }
        given().get("/q/metrics").then().statusCode(200);
        assertThat(Metrics.rejectedReadings("not-owner") - notOwnerBefore).isEqualTo(1.0);
        assertThat(Metrics.value("fm_ingest_readings_unowned_total") - unownedBefore).as("office-water-flow's asset names no edge")
                .isEqualTo(1.0);
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        await().atMost(Duration.ofSeconds(30)).until(() -> influx.countWhere("\"seq\" = " + seq) == 3);
        assertThat(influx.countWhere("\"seq\" = " + seq + " AND \"point\" = '" + pointB + "'")).isZero();
    }

    @Test
    void theEdgeReadsItsOwnDeadLetterWithTheReason() throws Exception {
        String tag = tag();
        Account a = provision("dl-a-" + tag, SITE);
        Account b = provision("dl-b-" + tag, SITE);
        String pointB = "dl-" + tag + "-b";
        putAsset("dl-" + tag + "-asset-b", b.id(), pointB);
        List<String> letters = new java.util.concurrent.CopyOnWriteArrayList<>();
        MqttAsyncClient edgeA = connect(a.username(), a.clientId(), a.password(), letters);
        assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/dead-letter/" + a.id())).isEqualTo(1);
        long ts = System.currentTimeMillis() - 60_000;
        assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/" + a.id() + "/data", TestEdge.batch(SITE, a.id(),
                uniqueSeqBase(), false, List.<Object[]>of(new Object[] { pointB, ts, 7.0 }))))
                .isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> !letters.isEmpty());
        JsonNode letter = JSON.readTree(letters.get(0));
        assertThat(letter.toString()).contains("not-owner")
                .contains("point '" + pointB + "' is served by edge '" + b.id() + "', not '" + a.id() + "'");
        edgeA.disconnect().waitForCompletion(5000);
    }

    @Test
    void theEdgeReceivesItsOwnReceiptsAndMayNotSubscribeToAnotherEdges() throws Exception {
        String tag = tag();
        Account a = provision("rc-a-" + tag, SITE);
        Account b = provision("rc-b-" + tag, SITE);
        List<String> toA = new java.util.concurrent.CopyOnWriteArrayList<>();
        MqttAsyncClient edgeA = connect(a.username(), a.clientId(), a.password(), toA);
        MqttAsyncClient edgeB = connect(b.username(), b.clientId(), b.password());
        assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/" + b.id() + "/receipt")).as("another edge's receipts")
                .isEqualTo(NOT_AUTHORIZED);
        assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/+/receipt")).as("every edge's receipts").isEqualTo(NOT_AUTHORIZED);
        assertThat(subscribeRc(edgeA, "fm/v1/" + SITE + "/" + a.id() + "/receipt")).as("its own receipts").isEqualTo(1);

        long seq = uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        String point = "office-elec-admin-power";
        try (TestSubscriber receiptsOfB = new TestSubscriber(stack.mqttUrl(), "fm-service", stack.setting("FM_MQTT_PASSWORD"),
                "fm/v1/" + SITE + "/" + b.id() + "/receipt")) {
            assertThat(publishRc(edgeB, "fm/v1/" + SITE + "/" + b.id() + "/data", TestEdge.batch(SITE, b.id(), seq, false,
                    List.<Object[]>of(new Object[] { point, ts, 1.0 })))).isZero();
            // b's receipt was published before a's batch was even sent
            await().atMost(Duration.ofSeconds(30)).until(() -> !receiptsOfB.received().isEmpty());
        }
        assertThat(publishRc(edgeA, "fm/v1/" + SITE + "/" + a.id() + "/data", TestEdge.batch(SITE, a.id(), seq + 1, false,
                List.<Object[]>of(new Object[] { point, ts + 1, 2.0 })))).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> !toA.isEmpty());
        JsonNode receipt = JSON.readTree(toA.get(0));
        assertThat(receipt.get("edge").asText()).isEqualTo(a.id());
        assertThat(receipt.get("stored").toString()).isEqualTo("[[" + (seq + 1) + "," + (seq + 1) + "]]");
        assertThat(toA).as("only a's own receipt reached a").allSatisfy(m -> assertThat(m).contains("\"edge\":\"" + a.id() + "\""));
        edgeA.disconnect().waitForCompletion(5000);
        edgeB.disconnect().waitForCompletion(5000);
    }

    @Test
    void aRoleMadeBeforeReceiptsGetsTheReceiptGrantAdded() throws Exception {
        Account a = provision("rg-" + tag(), SITE);
        String receiptTopic = "fm/v1/" + SITE + "/" + a.id() + "/receipt";
        // as an older version made the role: without the receipt topic
        for (String type : List.of("subscribePattern", "publishClientReceive", "unsubscribePattern")) {
            assertThat(dynsec.execute(List.of(DynamicSecurity.command("removeRoleACL").put("rolename", EdgeService.role(a.id()))
                    .put("acltype", type).put("topic", receiptTopic))).get(0).ok()).isTrue();
        }
        MqttAsyncClient before = connect(a.username(), a.clientId(), a.password());
        assertThat(subscribeRc(before, receiptTopic)).as("the old role may not read receipts").isEqualTo(NOT_AUTHORIZED);
        before.disconnect().waitForCompletion(5000);

        EdgeGrants.Result result = grants.reconcile();
        assertThat(result.failed()).isZero();
        assertThat(result.grantsAdded()).as("exactly the three receipt grants of this edge").isEqualTo(3);
        MqttAsyncClient after = connect(a.username(), a.clientId(), a.password());
        assertThat(subscribeRc(after, receiptTopic)).isEqualTo(1);
        after.disconnect().waitForCompletion(5000);
        assertThat(grants.reconcile().grantsAdded()).as("a second pass finds nothing missing").isZero();
    }

    @Test
    void disablingDisconnectsRotationRetiresTheOldPasswordAndDeleteRevokes() throws Exception {
        Account a = provision("life-" + tag(), SITE);
        MqttAsyncClient edge = connect(a.username(), a.clientId(), a.password());

        given().contentType(ContentType.JSON).post("/api/edges/" + a.id() + "/disable").then().statusCode(200)
                .body("enabled", equalTo(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> !edge.isConnected());
        assertThat(connectRc(a.username(), a.clientId(), a.password())).as("disabled").isEqualTo(NOT_AUTHORIZED);
        given().contentType(ContentType.JSON).post("/api/edges/" + a.id() + "/enable").then().statusCode(200)
                .body("enabled", equalTo(true));
        MqttAsyncClient again = connect(a.username(), a.clientId(), a.password());

        String newPassword = given().contentType(ContentType.JSON).post("/api/edges/" + a.id() + "/rotate").then().statusCode(200)
                .header("Cache-Control", "no-store").body("edge.rotatedAt", not(nullValue()))
                .extract().path("password");
        assertThat(newPassword).isNotEqualTo(a.password()).hasSize(32);
        await().atMost(Duration.ofSeconds(10)).until(() -> !again.isConnected());
        assertThat(connectRc(a.username(), a.clientId(), a.password())).as("old password").isNotZero();
        MqttAsyncClient rotated = connect(a.username(), a.clientId(), newPassword);

        given().delete("/api/edges/" + a.id()).then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> !rotated.isConnected());
        assertThat(connectRc(a.username(), a.clientId(), newPassword)).as("revoked").isNotZero();
        given().get("/api/edges/" + a.id()).then().statusCode(404);
        given().get("/api/edges").then().statusCode(200).body("id", not(hasItem(a.id())));
    }

    @Test
    void onlyAdminsManageEdges() {
        Account a = provision("role-" + tag(), SITE);
        anonymous().get("/api/edges").then().statusCode(401);
        for (String role : List.of(Roles.ENGINEER, Roles.MANAGER, Roles.CREW, Roles.VIEWER)) {
            givenAs(TestUsers.user(role)).get("/api/edges").then().statusCode(403);
            givenAs(TestUsers.user(role)).contentType(ContentType.JSON).post("/api/edges/" + a.id() + "/rotate").then()
                    .statusCode(403);
            givenAs(TestUsers.user(role)).contentType(ContentType.JSON).body(Map.of("id", "role-x-" + tag(), "site", SITE))
                    .post("/api/edges").then().statusCode(403);
        }
        String actor = given().get("/api/edges/" + a.id()).then().statusCode(200).extract().path("createdBy");
        assertThat(actor).as("the actor comes from the login").isEqualTo(RestRequests.adminUsername());
    }

    private Account provision(String id, String site) {
        var response = given().contentType(ContentType.JSON).body(Map.of("id", id, "site", site, "description", "test"))
                .post("/api/edges").then().statusCode(201).header("Cache-Control", "no-store")
                .body("edge.id", equalTo(id)).body("edge.site", equalTo(site)).extract();
        return new Account(id, response.path("brokerUsername"), response.path("clientId"), response.path("password"));
    }

    private static void putAsset(String id, String edge, String point) {
        given().contentType(ContentType.JSON).body(Map.of("name", "Owned meter", "kind", "Electrical_Meter",
                "building", "office", "edge", edge, "points", List.of(Map.of("id", point, "name", "Power",
                        "quantity", "active_power", "unit", "kW", "kind", "instantaneous", "measurement", "electricity",
                        "field", "power_kw"))))
                .put("/api/assets/" + id).then().statusCode(201);
    }

    private MqttAsyncClient connect(String username, String clientId, String password) throws MqttException {
        return connect(username, clientId, password, null);
    }

    /** Connects; what the broker delivers to the client goes to {@code received} (when not null). */
    private MqttAsyncClient connect(String username, String clientId, String password, List<String> received)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(stack.mqttUrl(), clientId, new MemoryPersistence());
        if (received != null) {
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(username);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    /** 0 when the broker accepted the login, else the CONNACK reason code. */
    private int connectRc(String username, String clientId, String password) {
        try {
            MqttAsyncClient client = connect(username, clientId, password);
            client.disconnect().waitForCompletion(5000);
            client.close();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** The SUBACK reason code: the granted QoS, or a failure code. */
    private static int subscribeRc(MqttAsyncClient client, String filter) {
        try {
            IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
            token.waitForCompletion(10_000);
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** The PUBACK reason code (QoS 1): 0 when accepted. */
    private static int publishRc(MqttAsyncClient client, String topic, byte[] payload) {
        try {
            IMqttToken token = client.publish(topic, new MqttMessage(payload, 1, false, null));
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Each test writes its own seq range, so counts never see another test's points. */
    private static long uniqueSeqBase() {
        return System.currentTimeMillis() * 1000;
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
