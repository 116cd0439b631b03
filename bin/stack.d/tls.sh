# Certificate helpers shared by bin/stack (the native broker's TLS listener) and bin/compose-tls
# (the compose stack's broker and reverse proxy). Sourced, not run. Needs openssl; keys are EC
# P-256 in PKCS#8 PEM ("BEGIN PRIVATE KEY"), which Mosquitto, nginx and the Java clients all read.
# Callers define die().

TLS_CA_DAYS=${FM_TLS_CA_DAYS:-3650}
TLS_CERT_DAYS=${FM_TLS_CERT_DAYS:-825}

# DIR: DIR/ca.key + DIR/ca.crt, a CA for this installation only. Kept when present.
tls_ensure_ca() {
  local dir=$1 out
  command -v openssl >/dev/null 2>&1 || die "tls: openssl not found (apt-get install openssl)"
  mkdir -p -- "$dir"
  chmod 700 -- "$dir"
  if [ -s "$dir/ca.crt" ] && [ -s "$dir/ca.key" ]; then return 0; fi
  if ! out=$( (umask 077
      openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc \
        -keyout "$dir/ca.key.tmp" -out "$dir/ca.crt.tmp" -days "$TLS_CA_DAYS" -sha256 \
        -subj "/O=facility-monitor/CN=facility-monitor CA $(date -u +%Y%m%dT%H%M%SZ)" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign") 2>&1); then
    die "tls: creating the CA in $dir failed: $out"
  fi
  mv -f -- "$dir/ca.key.tmp" "$dir/ca.key"
  mv -f -- "$dir/ca.crt.tmp" "$dir/ca.crt"
  chmod 644 -- "$dir/ca.crt"
}

# CA_DIR OUT_PREFIX CN USAGE(serverAuth|clientAuth) [SAN]: OUT_PREFIX.key + OUT_PREFIX.crt signed
# by the CA in CA_DIR (always a new key: this is also how a certificate is rotated).
tls_issue() {
  local ca=$1 prefix=$2 cn=$3 usage=$4 san=${5:-} out ext
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyAgreement"
    echo "extendedKeyUsage=$usage"
    [ -z "$san" ] || echo "subjectAltName=$san"
  } >"$ext"
  if ! out=$( (umask 077
      openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc \
        -keyout "$prefix.key.tmp" -out "$prefix.csr" -subj "/O=facility-monitor/CN=$cn" &&
      openssl x509 -req -in "$prefix.csr" -CA "$ca/ca.crt" -CAkey "$ca/ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -days "$TLS_CERT_DAYS" -sha256 -extfile "$ext" \
        -out "$prefix.crt.tmp") 2>&1); then
    rm -f -- "$ext" "$prefix.csr" "$prefix.key.tmp" "$prefix.crt.tmp"
    die "tls: issuing $prefix.crt (CN=$cn) failed: $out"
  fi
  rm -f -- "$ext" "$prefix.csr"
  mv -f -- "$prefix.key.tmp" "$prefix.key"
  mv -f -- "$prefix.crt.tmp" "$prefix.crt"
  chmod 644 -- "$prefix.crt"
}

# CA_DIR CERT: true when CERT exists, was signed by this CA and is still valid for a day.
tls_valid() {
  [ -s "$2" ] && [ -s "${2%.crt}.key" ] \
    && openssl verify -CAfile "$1/ca.crt" "$2" >/dev/null 2>&1 \
    && openssl x509 -in "$2" -noout -checkend 86400 >/dev/null 2>&1
}
