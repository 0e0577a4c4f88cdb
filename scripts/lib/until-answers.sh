# until_answers SECONDS URL CHECK: polls URL with the static token "$access_token" until the
# JavaScript CHECK holds for its JSON body `body`; fails after SECONDS, or at once when the
# backend ("$backend_pid", its log in "$work/backend.log") has exited.
until_answers() {
  local deadline=$(($(date +%s) + $1))
  until curl -sf -H "authorization: Bearer $access_token" "$2" >"$work/answer.json" &&
    node -e "const body = require(process.argv[1]); process.exit(($3) ? 0 : 1)" "$work/answer.json"; do
    if ! kill -0 "$backend_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      echo "No answer from $2 that satisfies: $3; last lines of the backend's log:" >&2
      tail -n 60 "$work/backend.log" >&2
      exit 1
    fi
    sleep 1
  done
}
