#!/bin/bash
# compose.yaml's postgres-grants service, after the service is healthy (its migrations have run), at
# every `up`: the role Grafana's dashboards use, SELECT only, on every table except those holding
# credentials and the audit trail (app_user, app_user_site, api_token, audit_log) and Flyway's
# history. Tables of later migrations are granted at the next `up`.
set -euo pipefail
export PGPASSWORD=$POSTGRES_PASSWORD
psql -v ON_ERROR_STOP=1 -h postgres -U facility -d facility -v pw="$POSTGRES_GRAFANA_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE grafana_reader LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana_reader')\gexec
ALTER ROLE grafana_reader WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
GRANT CONNECT ON DATABASE facility TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['app_user', 'app_user_site', 'api_token', 'audit_log', 'flyway_schema_history'] LOOP
    IF to_regclass('public.' || t) IS NOT NULL THEN
      EXECUTE format('REVOKE ALL ON %I FROM grafana_reader', t);
    END IF;
  END LOOP;
END
$$;
SQL
echo "postgres-grants: grafana_reader may read $(psql -h postgres -U facility -d facility -Atc "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'grafana_reader' AND privilege_type = 'SELECT'") tables"
