#!/bin/bash
# compose.yaml's influx-tokens service, after InfluxDB is healthy, at every `up`: makes sure the
# service has a token that can read and write the bucket `facility` and nothing else, and Grafana
# one that can only read it; writes them where those containers read them:
#   /out/service/service.properties   fm.influx.token=...   (QUARKUS_CONFIG_LOCATIONS of the service)
#   /out/grafana/grafana.env          FM_INFLUX_TOKEN=...   (sourced by Grafana's entrypoint)
# A token that still exists is kept; a missing or deleted one is created anew. Uses the operator
# token (INFLUX_TOKEN) from .env, which no other container gets. INFLUX_HOST/INFLUX_ORG: compose.
set -euo pipefail

bucket_id=$(influx bucket list --name facility --hide-headers | awk 'NR == 1 {print $1}')
[ -n "$bucket_id" ] || { echo "influx-tokens: no bucket 'facility' in org $INFLUX_ORG" >&2; exit 1; }
existing=$(influx auth list --json)

ensure() {  # FILE KEY DESCRIPTION PERMISSION-FLAGS...
  local file=$1 key=$2 description=$3 token=""
  shift 3
  if [ -s "$file" ]; then
    token=$(sed -n "s/^$key=//p" "$file")
    if [ -n "$token" ] && ! grep -qF "\"$token\"" <<<"$existing"; then token=""; fi
  fi
  if [ -z "$token" ]; then
    token=$(influx auth create --description "$description" "$@" --json \
              | sed -n 's/^[[:space:]]*"token":[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
    [ -n "$token" ] || { echo "influx-tokens: creating the token '$description' failed" >&2; exit 1; }
    (umask 027; printf '%s=%s\n' "$key" "$token" >"$file.tmp")
    chgrp 0 "$file.tmp"
    mv -f "$file.tmp" "$file"
    echo "influx-tokens: created the token '$description'"
  else
    echo "influx-tokens: kept the token '$description'"
  fi
}

ensure /out/service/service.properties fm.influx.token fm-service \
  --read-bucket "$bucket_id" --write-bucket "$bucket_id"
ensure /out/grafana/grafana.env FM_INFLUX_TOKEN fm-grafana --read-bucket "$bucket_id"
