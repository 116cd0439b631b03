#!/bin/bash
# Run by the postgres image once, when it initialises the database (compose.yaml): the role
# Grafana's dashboards use, SELECT only, on every table the service's migrations create (they run
# as facility, whose default privileges this sets).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v pw="$POSTGRES_GRAFANA_PASSWORD" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'pw';
GRANT CONNECT ON DATABASE facility TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE facility IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
