"""The demo's notification teams and people, so its alarms and work orders reach someone (bin/demo runs it).

  people.py <api> <people-file>

PUTs every team, then every person (with their teams), from the file (demo/demo-people.json) with
the administrator's login in FM_API_AUTH (user:password); idempotent. Prints who gets what.
"""
import base64
import json
import os
import sys
import urllib.error
import urllib.request


def put(api, auth, path, body):
    req = urllib.request.Request(api + path, data=json.dumps(body).encode(), method="PUT",
                                 headers={"Authorization": "Basic " + base64.b64encode(auth.encode()).decode(),
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        sys.exit(f"demo: PUT {path} failed: HTTP {e.code} {e.read().decode()}")


def main(api, path):
    auth = os.environ["FM_API_AUTH"]
    with open(path, encoding="utf-8") as f:
        people = json.load(f)
    for team_id, team in people["teams"].items():
        put(api, auth, f"/api/notifications/teams/{team_id}", team)
    for person_id, person in people["persons"].items():
        put(api, auth, f"/api/notifications/persons/{person_id}", person)
    for team_id in people["teams"]:
        members = [f"{p['name']} <{p['email']}> ({p['minSeverity']} and up)" for p in people["persons"].values()
                   if team_id in p.get("teams", [])]
        print(f"[demo] team {team_id}: {', '.join(members)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
