#!/bin/sh
# Writes the dynamic-security plugin's initial config (native stack and docker compose alike):
# the service's account with a role for fm/#, $SYS/# (read) and the plugin's $CONTROL topics,
# and a default ACL that denies everything not granted. Edge accounts are added later through
# the plugin ($CONTROL/dynamic-security/v1), never by editing the file while the broker runs.
# Usage: dynsec-init.sh FILE SERVICE_USER SERVICE_PASSWORD   (does nothing when FILE exists)
set -eu
file=$1 user=$2 password=$3
[ -e "$file" ] && exit 0
tmp="$file.init.$$"
trap 'rm -f "$tmp" "$tmp.json"' EXIT
# mosquitto_ctrl hashes the password (PBKDF2-SHA512, random salt) the way the plugin checks it.
mosquitto_ctrl dynsec init "$tmp" "$user" "$password" >/dev/null
field() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}[[:space:]]*$/\1/p" "$tmp" | head -n 1; }
hash=$(field password) salt=$(field salt) iterations=$(field iterations)
[ -n "$hash" ] && [ -n "$salt" ] && [ -n "$iterations" ] || { echo "dynsec-init: cannot read the hash mosquitto_ctrl wrote" >&2; exit 1; }
acl() { printf '{"acltype":"%s","topic":"%s","allow":true}' "$1" "$2"; }
umask 077
cat >"$tmp.json" <<JSON
{
  "defaultACLAccess": {"publishClientSend": false, "publishClientReceive": false, "subscribe": false, "unsubscribe": false},
  "clients": [{"username": "$user", "textName": "the platform service", "password": "$hash", "salt": "$salt",
               "iterations": $iterations, "roles": [{"rolename": "fm-service"}]}],
  "groups": [],
  "roles": [{"rolename": "fm-service", "textDescription": "the platform service: all fm/ topics, \$SYS (read), dynamic-security administration",
             "acls": [
               $(acl publishClientSend 'fm/#'), $(acl publishClientReceive 'fm/#'),
               $(acl subscribePattern 'fm/#'), $(acl unsubscribePattern '#'),
               $(acl publishClientReceive '$SYS/#'), $(acl subscribePattern '$SYS/#'),
               $(acl publishClientSend '$CONTROL/dynamic-security/#'), $(acl publishClientReceive '$CONTROL/dynamic-security/#'),
               $(acl subscribePattern '$CONTROL/dynamic-security/#')]}]
}
JSON
mv -f "$tmp.json" "$file"
