"""Energy set-up of the demo campus through the REST API (bin/demo runs it).

  energy_setup.py <api> demo/demo-energy.json config    tariffs, calorific values, department facts (once)
  energy_setup.py <api> demo/demo-energy.json history   after the backfill: quotas at a share of each
                                                       department's mean monthly use, costs and department
                                                       figures computed for the months of history, the demo's
                                                       energy interventions and their savings series
"""
import base64
import datetime
import json
import os
import sys
import urllib.error
import urllib.request

SITE = "demo-campus"


def call(api, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if os.environ.get("FM_API_AUTH"):  # user:password, set by bin/demo
        headers["Authorization"] = "Basic " + base64.b64encode(os.environ["FM_API_AUTH"].encode()).decode()
    req = urllib.request.Request(api + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            text = r.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path}: {e.code} {e.read().decode()}")


def month_start(months_ago, today=None):
    today = today or datetime.date.today()
    y, m = today.year, today.month - months_ago
    while m <= 0:
        y, m = y - 1, m + 12
    return datetime.date(y, m, 1)


def config(api, setup):
    call(api, "PUT", f"/api/energy/sites/{SITE}/calorific-values",
         {"values": [{"validFrom": month_start(v["monthsAgo"]).isoformat(), "kwhPerM3": v["kwhPerM3"]}
                     for v in setup["calorificValues"]]})
    existing = {t["carrier"] for t in call(api, "GET", f"/api/tariffs?site={SITE}")}
    for tariff in setup["tariffs"]:
        if tariff["carrier"] in existing:
            continue
        created = call(api, "POST", "/api/tariffs", {"siteId": SITE, "carrier": tariff["carrier"],
                                                     "name": tariff["name"], "currency": tariff["currency"]})
        for v in tariff["versions"]:
            call(api, "POST", f"/api/tariffs/{created['id']}/versions",
                 {"validFrom": month_start(v["monthsAgo"]).isoformat(), "definition": v["definition"],
                  "actor": "demo", "reason": v["reason"]})
        print(f"tariff {tariff['name']}: {len(tariff['versions'])} version(s)")
    since = month_start(15).isoformat()
    for dept, facts in setup["departmentFacts"].items():
        call(api, "PUT", f"/api/energy/departments/{dept}/facts", dict(facts, validFrom=since))


def history(api, setup):
    today = datetime.date.today()
    first, end = month_start(13), month_start(1)
    for months_ago in range(14, -1, -1):
        month = month_start(months_ago).strftime("%Y-%m")
        call(api, "POST", f"/api/energy/sites/{SITE}/costs/recompute?month={month}")
    call(api, "POST", f"/api/energy/departments/recompute?site={SITE}&from={month_start(14)}&to={today + datetime.timedelta(days=1)}")
    months = (end.year - first.year) * 12 + end.month - first.month
    for carrier in ("electricity", "water", "gas"):
        view = call(api, "GET", f"/api/energy/departments?site={SITE}&carrier={carrier}&from={first}&to={end}")
        for d in view["departments"]:
            if d["own"] > 0:
                amount = round(d["total"] / months * setup["quotaShareOfPastUse"], 0)
                call(api, "PUT", "/api/energy/quotas", {"departmentId": d["departmentId"], "carrier": carrier,
                                                         "validFrom": month_start(1).strftime("%Y-%m"),
                                                         "amount": amount, "notifyPersons": [], "notifyTeams": []})
    print("costs, department figures and quotas computed for the history")
    if not call(api, "GET", f"/api/energy/interventions?site={SITE}"):
        for i in setup["interventions"]:
            body = {k: v for k, v in i.items() if k != "daysAgo"}
            body.update(siteId=SITE, effectiveOn=(today - datetime.timedelta(days=i["daysAgo"])).isoformat())
            created = call(api, "POST", "/api/energy/interventions", body)
            written = call(api, "POST", f"/api/energy/interventions/{created['id']}/savings/refresh")
            print(f"intervention '{i['name']}': {written['days']} reporting days written for the savings dashboard")


if __name__ == "__main__":
    api, path, phase = sys.argv[1], sys.argv[2], sys.argv[3]
    {"config": config, "history": history}[phase](api, json.load(open(path)))
