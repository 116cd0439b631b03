package org.facilitymonitor.energy.tariffs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

class TariffDefinitionParserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static TariffDefinitionParser.Result parse(String json, Carrier carrier) throws Exception {
        return TariffDefinitionParser.parse(JSON.readTree(json), carrier);
    }

    @Test
    void everyBadFieldIsNamed() throws Exception {
        TariffDefinitionParser.Result r = parse("""
                {"seasons": [
                  {"name": "summer", "fromMonth": 7, "toMonth": 9, "prices": {"PEAK": 1.2, "SHOULDER": 1, "FLAT": -1},
                   "days": {"WORKDAY": [{"from": "00:00", "to": "07:00", "period": "PEAK"},
                                        {"from": "07:30", "to": "12:00", "period": "VALLEY"},
                                        {"from": "12:00", "to": "11:00", "period": "PEAK"},
                                        {"from": "11:00", "to": "23:61", "period": "PEAK"}],
                            "SUNDAY": []}},
                  {"fromMonth": 9, "toMonth": 13, "prices": {"FLAT": 1}, "days": {}}],
                 "fixedMonthlyCharge": "ten", "colour": "red", "demandChargePerKw": 3}
                """, Carrier.WATER);

        assertThat(r.valid()).isFalse();
        assertThat(r.definition()).isNull();
        assertThat(r.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "colour",
                "seasons[0].prices.SHOULDER",
                "seasons[0].prices.FLAT",
                "seasons[0].days.WORKDAY[1].from",
                "seasons[0].days.WORKDAY[1].period",
                "seasons[0].days.WORKDAY[2].to",
                "seasons[0].days.WORKDAY[3].to",
                "seasons[0].days.SUNDAY",
                "seasons[1].name",
                "seasons[1].toMonth",
                "seasons[1].days.WORKDAY",
                "fixedMonthlyCharge",
                "demandChargePerKw");
        assertThat(r.errors()).filteredOn(e -> e.field().equals("seasons[0].days.WORKDAY[1].from"))
                .extracting(FieldError::message).first().asString().contains("must be 07:00");
    }

    @Test
    void seasonsMustCoverEveryMonthOnce() throws Exception {
        String day = "\"days\": {\"WORKDAY\": [{\"from\": \"00:00\", \"to\": \"24:00\", \"period\": \"FLAT\"}]}";
        TariffDefinitionParser.Result gap = parse("{\"seasons\": [{\"name\": \"a\", \"fromMonth\": 11, \"toMonth\": 2, "
                + "\"prices\": {\"FLAT\": 1}, " + day + "}]}", Carrier.ELECTRICITY);
        assertThat(gap.errors()).extracting(FieldError::field).containsExactly("seasons");
        assertThat(gap.errors().get(0).message()).contains("MARCH").contains("OCTOBER").doesNotContain("DECEMBER");

        TariffDefinitionParser.Result overlap = parse("{\"seasons\": [{\"name\": \"a\", \"fromMonth\": 1, \"toMonth\": 12, "
                + "\"prices\": {\"FLAT\": 1}, " + day + "}, {\"name\": \"b\", \"fromMonth\": 12, \"toMonth\": 12, "
                + "\"prices\": {\"FLAT\": 1}, " + day + "}]}", Carrier.ELECTRICITY);
        assertThat(overlap.errors()).extracting(FieldError::field).containsExactly("seasons[1].fromMonth");
    }

    @Test
    void tiersRiseAndTheLastIsOpen() throws Exception {
        TariffDefinitionParser.Result r = parse("""
                {"tiers": [{"upTo": 20, "price": 3}, {"upTo": 10, "price": 4}, {"upTo": 40}, {"upTo": 50, "price": 5}]}
                """, Carrier.WATER);
        assertThat(r.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("tiers[1].upTo", "tiers[2].price", "tiers[3].upTo");

        TariffDefinitionParser.Result ok = parse("""
                {"tiers": [{"upTo": 20, "price": 3.5}, {"upTo": 30, "price": 4.5}, {"price": 6}], "fixedMonthlyCharge": 12.5}
                """, Carrier.WATER);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.definition().tiers()).hasSize(3);
        assertThat(ok.definition().fixedMonthlyCharge()).isEqualByComparingTo("12.5");
        assertThat(ok.definition().tiers().get(2).upper()).isInfinite();
    }

    @Test
    void seasonsAndTiersExclude() throws Exception {
        assertThat(parse("{}", Carrier.GAS).errors()).extracting(FieldError::field).containsExactly("seasons");
        assertThat(parse("[]", Carrier.GAS).errors()).extracting(FieldError::field).containsExactly("");
    }
}
