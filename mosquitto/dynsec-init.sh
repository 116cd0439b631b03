#!/bin/sh
# Writes the dynamic-security plugin's initial config (native stack and docker compose alike):
# the service's account with a role for fm/#, $SYS/# (read) and the plugin's $CONTROL topics,
# and a default ACL that denies everything not granted. Edge accounts are added later through
# the plugin ($CONTROL/dynamic-security/v1), never by editing the file while the broker runs.
# Usage: dynsec-init.sh FILE SERVICE_USER SERVICE_PASSWORD [EDGE:SITE:PASSWORD ...]
# (does nothing when FILE exists). Each EDGE gets the account POST /api/edges would create:
# username and client id EDGE, its own topics in SITE only (data, state, status; reads its cmd/#,
# dead letters and receipts) (docs/broker-security.md).
set -eu
file=$1 user=$2 password=$3
shift 3
[ -e "$file" ] && exit 0
tmp="$file.init.$$"
trap 'rm -f "$tmp" "$tmp.json"' EXIT
umask 077

# mosquitto_ctrl hashes a password (PBKDF2-SHA512, random salt) the way the plugin checks it;
# prints the client's JSON fields password, salt and iterations.
hashed() {
  rm -f "$tmp"
  mosquitto_ctrl dynsec init "$tmp" "$1" "$2" >/dev/null
  h=$(field password) s=$(field salt) i=$(field iterations)
  [ -n "$h" ] && [ -n "$s" ] && [ -n "$i" ] || { echo "dynsec-init: cannot read the hash mosquitto_ctrl wrote" >&2; exit 1; }
  printf '"password": "%s", "salt": "%s", "iterations": %s' "$h" "$s" "$i"
}
field() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}[[:space:]]*$/\1/p" "$tmp" | head -n 1; }
acl() { printf '{"acltype":"%s","topic":"%s","allow":true}' "$1" "$2"; }
id_ok() { case "$1" in ""|-*|*[!a-z0-9-]*) return 1 ;; *) return 0 ;; esac; }

clients="{\"username\": \"$user\", \"textName\": \"the platform service\", $(hashed "$user" "$password"), \"roles\": [{\"rolename\": \"fm-service\"}]}"
roles=""
for spec in "$@"; do
  edge=${spec%%:*} rest=${spec#*:}
  site=${rest%%:*} edge_password=${rest#*:}
  id_ok "$edge" && id_ok "$site" && [ -n "$edge_password" ] && [ "$rest" != "$spec" ] && [ "$edge_password" != "$rest" ] \
    || { echo "dynsec-init: '$edge' ... is not EDGE:SITE:PASSWORD with ids of [a-z0-9-]" >&2; exit 1; }
  clients="$clients, {\"username\": \"$edge\", \"clientid\": \"$edge\", \"textName\": \"edge $edge\", $(hashed "$edge" "$edge_password"), \"roles\": [{\"rolename\": \"edge-$edge\"}]}"
  base="fm/v1/$site/$edge"
  roles="$roles, {\"rolename\": \"edge-$edge\", \"acls\": [$(acl publishClientSend "$base/data"), $(acl publishClientSend "$base/state"), $(acl publishClientSend "$base/status"),
    $(acl subscribePattern "$base/cmd/#"), $(acl publishClientReceive "$base/cmd/#"), $(acl unsubscribePattern "$base/cmd/#"),
    $(acl subscribePattern "fm/v1/$site/dead-letter/$edge"), $(acl publishClientReceive "fm/v1/$site/dead-letter/$edge"), $(acl unsubscribePattern "fm/v1/$site/dead-letter/$edge"),
    $(acl subscribePattern "$base/receipt"), $(acl publishClientReceive "$base/receipt"), $(acl unsubscribePattern "$base/receipt")]}"
done

cat >"$tmp.json" <<JSON
{
  "defaultACLAccess": {"publishClientSend": false, "publishClientReceive": false, "subscribe": false, "unsubscribe": false},
  "clients": [$clients],
  "groups": [],
  "roles": [{"rolename": "fm-service", "textDescription": "the platform service: all fm/ topics (also through shared subscriptions, for several instances), \$SYS (read), dynamic-security administration",
             "acls": [
               $(acl publishClientSend 'fm/#'), $(acl publishClientReceive 'fm/#'),
               $(acl subscribePattern 'fm/#'), $(acl subscribePattern '$share/+/fm/#'), $(acl unsubscribePattern '#'),
               $(acl publishClientReceive '$SYS/#'), $(acl subscribePattern '$SYS/#'),
               $(acl publishClientSend '$CONTROL/dynamic-security/#'), $(acl publishClientReceive '$CONTROL/dynamic-security/#'),
               $(acl subscribePattern '$CONTROL/dynamic-security/#')]}$roles]
}
JSON
mv -f "$tmp.json" "$file"
