#!/usr/bin/env bash
# A local Tryton to connect ERP Integrations to, in one command: installs Debian's Tryton when missing, creates a
# demo database once (company "Demo Construction Co.", the demo projects' jobs and a sub job entered in Tryton to
# import), starts trytond on 127.0.0.1 and prints the settings to enter on the ERP Connection page.
#
#   bash scripts/tryton-demo.sh              start (or show) the demo Tryton
#   bash scripts/tryton-demo.sh connection   the same, printing only the settings as one connection string (for the bench)
#   bash scripts/tryton-demo.sh stop         stop it
#   bash scripts/tryton-demo.sh fresh        stop it, delete its database, settings and log, and start a new one
#
# TRYTON_DEMO_DIR (default ~/.local/share/erp-integrations/tryton-demo) holds its database, settings and log;
# TRYTON_DEMO_PORT (default 8000) is its port. "fresh" (or deleting the directory) starts over.
set -euo pipefail

dir=${TRYTON_DEMO_DIR:-$HOME/.local/share/erp-integrations/tryton-demo}
port=${TRYTON_DEMO_PORT:-8000}
database=demo
url="http://127.0.0.1:$port/"
scripts=$(cd "$(dirname "$0")" && pwd)

running() { [ -f "$dir/trytond.pid" ] && kill -0 "$(cat "$dir/trytond.pid")" 2>/dev/null; }

case "${1:-start}" in
  start|connection) ;;
  stop)
    if running; then kill "$(cat "$dir/trytond.pid")" && rm -f "$dir/trytond.pid" && echo "Stopped the demo Tryton."; else echo "The demo Tryton is not running."; fi
    exit 0 ;;
  fresh)
    # Every export the bench (or anyone) makes stays in the demo database, and each later call of Tryton gets slower.
    if running; then
      pid=$(cat "$dir/trytond.pid")
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    echo "Deleted the demo Tryton's database; starting a new one." >&2 ;;
  *) echo "usage: bash scripts/tryton-demo.sh [start|connection|stop|fresh]" >&2; exit 2 ;;
esac

# Progress goes to standard error, so that "connection" prints the settings alone on standard output.
exec 5>&1 1>&2

if [ ! -d /usr/lib/python3/dist-packages/trytond/modules/analytic_account ]; then
  [ "$(id -u)" = 0 ] || { echo "Tryton is not installed; run: sudo apt-get install -y --no-install-recommends tryton-server tryton-modules-analytic-account" >&2; exit 1; }
  echo "Installing Tryton (Debian's tryton-server 6.0 and its analytic accounting module)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends tryton-server tryton-modules-analytic-account >/dev/null
fi

mkdir -p "$dir"
chmod 700 "$dir"
cat > "$dir/trytond.conf" <<CONF
[database]
uri = sqlite://
path = $dir

[web]
listen = 127.0.0.1:$port
CONF

if [ ! -s "$dir/$database.sqlite" ]; then
  echo "Creating the demo database (about half a minute)..."
  rm -f "$dir/$database.sqlite"
  touch "$dir/$database.sqlite"
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/admin.pass")
  TRYTONPASSFILE="$dir/admin.pass" trytond-admin -c "$dir/trytond.conf" -d "$database" --all -u analytic_account \
    --activate-dependencies --email admin@demo.test >"$dir/setup.log" 2>&1 \
    || { echo "trytond-admin failed; see $dir/setup.log" >&2; rm -f "$dir/$database.sqlite"; exit 1; }
  /usr/bin/python3 -W ignore "$scripts/tryton-seed.py" "$dir/trytond.conf" "$database" "Demo Construction Co." JOBS \
    "RMC-1001=Riverside Medical Center" "HVA-1002=Harbor View Apartments" "NOP-1003=Northgate Office Park" \
    "RMC-1001/ELEV-2=Elevator modernisation" >>"$dir/setup.log" 2>&1 \
    || { echo "Seeding the demo database failed; see $dir/setup.log" >&2; rm -f "$dir/$database.sqlite"; exit 1; }
fi

if ! running; then
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is taken by another program; choose another with TRYTON_DEMO_PORT=8001." >&2
    exit 1
  fi
  # 5>&-: the server must not hold the caller's standard output open (the bench reads it to its end).
  nohup trytond -c "$dir/trytond.conf" >"$dir/trytond.log" 2>&1 5>&- &
  echo $! > "$dir/trytond.pid"
  answers() {
    /usr/bin/python3 - "$url" <<'PY' 2>/dev/null
import sys, urllib.request
request = urllib.request.Request(sys.argv[1], data=b'{"id":0,"method":"common.server.version","params":[]}', headers={'Content-Type': 'application/json'})
urllib.request.urlopen(request, timeout=2).read()
PY
  }
  for _ in $(seq 1 120); do
    answers && break
    running || { echo "trytond stopped at start-up; see $dir/trytond.log" >&2; exit 1; }
    sleep 0.5
  done
  answers || { echo "trytond did not answer on $url within a minute; see $dir/trytond.log" >&2; exit 1; }
fi

password=$(cat "$dir/admin.pass")
connection="Url=$url;Database=$database;Username=admin;Password=$password;JobsRootCode=JOBS"
if [ "${1:-start}" = connection ]; then
  echo "$connection" >&5
  exit 0
fi

cat >&5 <<TEXT
The demo Tryton is running at $url (log: $dir/trytond.log; stop it with: bash scripts/tryton-demo.sh stop).

Connect a company to it on the ERP Connection page (signed in as an ERP Integrations Admin, e.g. admin@demo.test):
  Connector                 Tryton
  Server URL                $url
  Database                  $database
  User name                 admin
  Password                  $password
  Jobs' root account code   JOBS

or, as one connection string: $connection
or over the API: PUT /api/v1/erp/connection {"connector":"tryton","settings":{"url":"$url","database":"$database","username":"admin","password":"$password","jobsRootCode":"JOBS"}}

Its jobs are RMC-1001, HVA-1002 and NOP-1003 (the demo projects' links); ELEV-2 under RMC-1001 was entered in Tryton
and waits to be imported. Tryton's own web client is not installed; its data can be read over JSON-RPC.
TEXT
