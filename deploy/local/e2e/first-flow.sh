#!/usr/bin/env bash
#
# The first flow and the bad-input rules, against the running suite, through the gateway only,
# the way a frontend and an attacker see it. Needs curl; prints one line per check and closes with
# "e2e: N passed, M failed". Run it with ./dev e2e (which starts the suite if it is not running).
#
#   deploy/local/e2e/first-flow.sh [GATEWAY_URL]     (default http://localhost:8080)

set -uo pipefail

GW=${1:-http://localhost:8080}
PASSED=0
FAILED=0
BODY=$(mktemp)
HEADERS=$(mktemp)
trap 'rm -f "$BODY" "$HEADERS"' EXIT

# call METHOD PATH [TOKEN] [JSON or @FILE] : sets STATUS, CTYPE; the body is in $BODY
call() {
  local method=$1 path=$2 token=${3:-} data=${4:-}
  local -a args=(-s -o "$BODY" -D "$HEADERS" -w '%{http_code}' -X "$method" "$GW$path")
  [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n $data ]] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
  STATUS=$(curl "${args[@]}")
  CTYPE=$(grep -i '^content-type:' "$HEADERS" | tail -1 | cut -d' ' -f2- | tr -d '\r')
}

field() { sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p" "$BODY" | head -1; }

check() {                        # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then
    PASSED=$((PASSED + 1))
    printf '  ok    %s\n' "$name"
  else
    FAILED=$((FAILED + 1))
    printf '  FAIL  %s (status %s, body %s)\n' "$name" "$STATUS" "$(head -c 300 "$BODY")"
  fi
}

is() { [[ $STATUS == "$1" ]]; }
problem() { [[ $STATUS == "$1" && $CTYPE == application/problem+json* ]]; }
body_has() { grep -q -- "$1" "$BODY"; }

login() {                        # login EMAIL PASSWORD : prints the access token
  call POST /api/auth/login "" "{\"email\":\"$1\",\"password\":\"$2\"}"
  field accessToken
}

echo "e2e against $GW"

# --- the first flow: login, create a lead for a rep, the rep is notified through Kafka
call POST /api/auth/login "" '{"email":"admin@demo.test","password":"demo-admin"}'
ADMIN=$(field accessToken)
check "admin logs in (200, bearer token)" is 200
check "the token is a JWT" [ "$(tr -cd '.' <<<"$ADMIN" | wc -c)" -eq 2 ]

call GET /api/me "$ADMIN"
check "GET /api/me names the admin" body_has '"email":"admin@demo.test"'

REP=$(login rep1@demo.test demo-rep)
call GET /api/me "$REP"
REP_ID=$(field id)
check "rep1 logs in and knows its id" [ -n "$REP_ID" ]
REP2=$(login rep2@demo.test demo-rep)

SUFFIX="$(date +%s%N)"
call POST /api/leads "$ADMIN" "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"company\":\"Analytical Engines\",\"email\":\"Ada.$SUFFIX@Example.com\",\"assigneeId\":\"$REP_ID\"}"
LEAD_ID=$(field id)
check "admin creates a lead assigned to rep1 (201)" is 201
check "the email is stored lower-cased" body_has "\"email\":\"ada.$SUFFIX@example.com\""

call GET "/api/leads/$LEAD_ID" "$REP"
check "rep1 reads its lead" is 200
call GET "/api/leads/$LEAD_ID" "$REP2"
check "rep2 does not see rep1's lead (404 problem)" problem 404

notified=false
for _ in $(seq 1 100); do       # up to 20 s: outbox -> Kafka -> notification-service
  call GET /api/notifications "$REP"
  if body_has "$LEAD_ID"; then notified=true; break; fi
  sleep 0.2
done
check "rep1 is notified of the new lead through Kafka" $notified

call POST /api/leads "$ADMIN" "{\"firstName\":\"Ada\",\"email\":\"ADA.$SUFFIX@example.com\"}"
check "the same email again is 409 problem naming email" problem 409
check "  ... and names the field" body_has '"field":"email"'

# --- bad input, every answer problem+json
call GET /no/such/route
check "unknown route: 404 problem" problem 404
call GET /api/me
check "no token: 401 problem" problem 401
call GET /api/me "${ADMIN}x"
check "tampered token: 401 problem" problem 401
call GET /api/me "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."
check "alg none token: 401 problem" problem 401
call POST /api/leads "$ADMIN" '{"firstName": "A", "email": '
check "malformed JSON: 400 problem" problem 400
call POST /api/leads "$ADMIN" '{"firstName": "A", "email": "a@b.c", "tags": {"x": 1}}'
check "a field of the wrong type: 400 naming it" problem 400
check "  ... names tags" body_has '"field":"tags"'
call POST /api/auth/login "" '{"email":"admin@demo.test","password":"wrong"}'
WRONG_PASSWORD=$(field detail)
check "wrong password: 401 problem" problem 401
call POST /api/auth/login "" "{\"email\":\"nobody-$SUFFIX@demo.test\",\"password\":\"wrong\"}"
same=false
[[ $STATUS == 401 && $(field detail) == "$WRONG_PASSWORD" ]] && same=true
check "unknown email: the same 401 as a wrong password" $same
BIG=$(mktemp)
{ printf '{"firstName":"'; head -c 1100000 /dev/zero | tr '\0' 'a'; printf '"}'; } >"$BIG"
call POST /api/leads "$ADMIN" "@$BIG"
rm -f "$BIG"
check "oversized body: 413 problem" problem 413

echo "e2e: $PASSED passed, $FAILED failed"
((FAILED == 0))
