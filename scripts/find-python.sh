#!/usr/bin/env bash
# Print the path of a Python interpreter of the wanted version, or explain how to get one.
# Usage: scripts/find-python.sh 3.10        (exactly 3.10: the Rasa NLU service)
#        scripts/find-python.sh 3.11+       (3.11 or newer: the bot)
set -u
want="$1"
minor_min=""
case "$want" in
  *+) minor_min="${want%+}"; minor_min="${minor_min#3.}" ;;
esac

ok() {  # ok PYTHON -> true if it is the wanted version
  local v
  v=$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || return 1
  if [ -n "$minor_min" ]; then
    [ "${v%%.*}" = 3 ] && [ "${v#3.}" -ge "$minor_min" ]
  else
    [ "$v" = "$want" ]
  fi
}

candidates=()
if [ -n "$minor_min" ]; then
  candidates+=(python3 python3.13 python3.12 python3.11)
else
  candidates+=("python$want")
  if command -v pyenv >/dev/null 2>&1; then
    for p in $(pyenv root 2>/dev/null)/versions/"$want"*/bin/python"$want"; do candidates+=("$p"); done
  fi
  if command -v uv >/dev/null 2>&1; then
    p=$(uv python find "$want" 2>/dev/null) && candidates+=("$p")
  fi
  candidates+=("/usr/bin/python$want" "/usr/local/bin/python$want" "$HOME"/.pyenv/versions/"$want"*/bin/python"$want")
fi
for c in "${candidates[@]}"; do
  if ok "$c"; then command -v "$c" 2>/dev/null || echo "$c"; exit 0; fi
done
if [ -n "$minor_min" ]; then
  echo "Python $want was not found: the bot needs Python 3.$minor_min or newer; install it (for example 'pyenv install 3.11' or 'apt-get install python3') and run the command again." >&2
else
  echo "Python $want was not found: the Rasa NLU service needs exactly Python $want; install it with 'pyenv install $want' (or 'uv python install $want', or 'apt-get install python$want') and run the command again." >&2
fi
exit 1
