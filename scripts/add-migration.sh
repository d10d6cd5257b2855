#!/usr/bin/env bash
# Adds a migration NAME for both providers (one migration set per provider, EF Core's documented way).
#   scripts/add-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/../src/ErpIntegrations.Web"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --context "${provider}AppDbContext" \
    --output-dir "Data/Migrations/$provider" --namespace "ErpIntegrations.Web.Data.Migrations.$provider"
  # dotnet ef places the model snapshot by namespace; keep it beside its migrations.
  if [ -d "ErpIntegrations/Web/Data/Migrations/$provider" ]; then
    mv "ErpIntegrations/Web/Data/Migrations/$provider/"*.cs "Data/Migrations/$provider/"
  fi
done
rm -rf ErpIntegrations design.db
