# shellcheck shell=bash
# Sourced by cli_test.sh (its helpers and $tinynn, $data, $work): the
# progress of training when stderr is not a terminal (a log file): plain
# lines every TINYNN_PROGRESS_INTERVAL seconds (5 by default), no
# carriage-return redraws, none with --quiet.

fit_log=(fit "$data/iris.csv" --target species --layers 3:softmax --model m.tnn)

# every epoch (interval 0): one line each, with its numbers
TINYNN_PROGRESS_INTERVAL=0 "$tinynn" "${fit_log[@]}" --epochs 5 >stdout 2>log ||
    fail "fit, progress every epoch: $(cat log)"
[ "$(grep -c '^epoch [1-5]/5  loss [0-9.]*  accuracy [0-9.]*  elapsed [0-9]*s  eta [0-9]*s$' log)" -eq 5 ] ||
    fail "fit, progress every epoch: expected 5 lines: $(cat log)"
[ "$(wc -l <log)" -eq 5 ] || fail "fit, progress every epoch: more than the lines: $(cat log)"
grep -q "$(printf '\r')\|$(printf '\033')" log && fail "fit into a log: carriage returns or escapes"
grep -q "^epoch" stdout && fail "fit: progress on stdout"

# the interval holds: 3000 quick epochs, a line every 0.02 s, far fewer lines
TINYNN_PROGRESS_INTERVAL=0.02 "$tinynn" "${fit_log[@]}" --epochs 3000 >stdout 2>log ||
    fail "fit, progress every 0.02 s: $(cat log)"
lines=$(grep -c '^epoch [0-9]*/3000 ' log)
[ "$lines" -ge 1 ] && [ "$lines" -le 300 ] ||
    fail "fit, progress every 0.02 s: $lines lines for 3000 epochs"
# by default (5 s) a short run prints nothing, and --quiet never does
"$tinynn" "${fit_log[@]}" --epochs 50 >stdout 2>log || fail "fit, default interval: $(cat log)"
[ -s log ] && fail "fit, a short run with the default interval printed: $(cat log)"
TINYNN_PROGRESS_INTERVAL=0 "$tinynn" "${fit_log[@]}" --epochs 5 --quiet >stdout 2>log ||
    fail "fit --quiet: $(cat log)"
[ -s log ] && fail "fit --quiet printed progress: $(cat log)"
# a value that is not a number of seconds: the default
TINYNN_PROGRESS_INTERVAL=soon "$tinynn" "${fit_log[@]}" --epochs 5 >stdout 2>log ||
    fail "fit, TINYNN_PROGRESS_INTERVAL=soon: $(cat log)"
[ -s log ] && fail "fit, TINYNN_PROGRESS_INTERVAL=soon: $(cat log)"

# on a terminal (script(1) gives one): the line is redrawn in place
if command -v script >/dev/null && script -qc true /dev/null >/dev/null 2>&1; then
    script -qc "'$tinynn' fit '$data/iris.csv' --target species --layers 3:softmax --epochs 5 --model t.tnn" \
        /dev/null >tty.log 2>&1 </dev/null
    grep -q "$(printf '\r')epoch 5/5 " tty.log || fail "fit on a terminal: no redrawn line: $(cat -A tty.log)"
else
    echo "no script(1): progress on a terminal not checked"
fi
