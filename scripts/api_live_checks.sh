#!/usr/bin/env bash
# The API against a live server: gunicorn on 127.0.0.1 with a fresh database holding the sources, the bank, the
# demo accounts, a course and a results-writing integration key. Runs examples/lms_client.py (the documented
# integration flow), then schemathesis against the live schema: no server error, every response as documented.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PORT=${API_LIVE_PORT:-8766}
workdir=$(mktemp -d)
export DATABASE_URL="sqlite:///$workdir/live.sqlite3" SECRET_KEY=live-checks-only DEBUG=0 ALLOWED_HOSTS=127.0.0.1 \
    SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 STATIC_WITHOUT_COLLECTSTATIC=1 \
    API_THROTTLE_INTEGRATION=100000/minute API_THROTTLE_ANON=100000/minute \
    API_THROTTLE_USER=100000/minute

$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_sources >/dev/null
$BIN/python manage.py load_bank >/dev/null
$BIN/python manage.py seed_demo >/dev/null
$BIN/python manage.py enrol live-checks --title "Live checks" --teacher teacher --student student >/dev/null
key=$($BIN/python manage.py create_integration_key live-checks "CI client" --scope write_results)

$BIN/gunicorn quizsite.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning --limit-request-line 8190 >"$workdir/gunicorn.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 60); do
    curl -fsS "http://127.0.0.1:$PORT/api/v1/schema/" -o /dev/null 2>/dev/null && break
    sleep 0.5
done

echo "-- examples/lms_client.py"
$BIN/python examples/lms_client.py --base-url "http://127.0.0.1:$PORT" --key "$key" --student student

# A signed-in teacher's session (with its CSRF token) for the endpoints that are for people, not integrations.
teacher_session=$($BIN/python manage.py shell -v0 -c "
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
teacher = get_user_model().objects.get(username='teacher')
session = import_module(settings.SESSION_ENGINE).SessionStore()
session.update({SESSION_KEY: str(teacher.pk), BACKEND_SESSION_KEY: 'django.contrib.auth.backends.ModelBackend',
                HASH_SESSION_KEY: teacher.get_session_auth_hash()})
session.create()
print(session.session_key)")
csrf_token=$($BIN/python -c "import secrets, string; print(''.join(secrets.choice(string.ascii_letters) for _ in range(32)))")

fuzz() {  # fuzz the live API as one caller, given as extra header options
    $BIN/schemathesis run "http://127.0.0.1:$PORT/api/v1/schema/" \
        --url "http://127.0.0.1:$PORT" \
        --exclude-path-regex "/schema/$" \
        --checks not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance \
        --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
        --seed 1 --generation-database none --no-color --warnings off \
        "$@" || { echo "schemathesis found problems; server log:"; cat "$workdir/gunicorn.log"; exit 1; }
}

echo "-- schemathesis as the integration (results-writing key)"
fuzz --header "Authorization: Api-Key $key" | grep -v "^\(Forbidden\|Not Found\|Bad Request\|Conflict\|Unauthorized\):"
echo "-- schemathesis as the teacher (session)"
fuzz --header "Cookie: sessionid=$teacher_session; csrftoken=$csrf_token" --header "X-CSRFToken: $csrf_token" \
    | grep -v "^\(Forbidden\|Not Found\|Bad Request\|Conflict\|Unauthorized\):"
