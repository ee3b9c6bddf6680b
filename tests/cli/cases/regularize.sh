# shellcheck shell=bash
# fit's --l2, --early-stopping, --monitor, --min-delta and --no-restore-best
# on breast cancer data (tests/data/gen_regularize_data.py): sourced by
# cli_test.sh, whose helpers it uses.
bc="$data/breast_cancer.csv"
bc_args=(--target diagnosis --layers 64:relu,1:sigmoid --standardize --seed 0 --lr 0.01 --quiet)

# column NAME FILE: the 1-based index of a column of a CSV header
column() { head -n 1 "$2" | tr ',' '\n' | grep -nxF "$1" | cut -d: -f1; }

# Early stopping on val_loss: training stops, and the saved model is the
# best epoch's. Its validation loss is measured again from 'tinynn predict'
# on the held-out rows (not trusting fit's own numbers), and must be the
# smallest val_loss of history.csv, on the row marked saved.
if expect_ok "early stopping" fit "$bc" "${bc_args[@]}" --validation-split 0.3 --epochs 500 \
    --early-stopping 5 --model es/m.tnn; then
    cp "$work/stdout" es/report.txt
    h=es/m.history.csv
    [ "$(head -n 1 $h)" = "epoch,loss,accuracy,val_loss,val_accuracy,saved" ] ||
        fail "early stopping: history.csv header: $(head -n 1 $h)"
    rows=$(($(wc -l <$h) - 1))
    [ "$rows" -lt 500 ] || fail "early stopping: ran all $rows epochs"
    grep -qF "early stopping: stopped after epoch $rows of 500, val_loss did not improve for 5 epochs" \
        es/report.txt || fail "early stopping: report: $(cat es/report.txt)"
    # the saved row: exactly one, the smallest val_loss, 5 epochs before the end
    read -r saved_epoch saved_val n_saved best_val <<<"$(awk -F, 'NR > 1 {
            if ($6 == 1) { e = $1; v = $4; n++ }
            if (min == "" || $4 < min) min = $4
        } END { printf "%s %.17g %d %.17g\n", e, v, n, min }' $h)"
    [ "$n_saved" = 1 ] || fail "early stopping: $n_saved rows marked saved"
    [ "$saved_val" = "$best_val" ] || fail "early stopping: saved val_loss $saved_val, best $best_val"
    [ "$saved_epoch" = $((rows - 5)) ] || fail "early stopping: saved epoch $saved_epoch of $rows"
    grep -qF "saved the weights of epoch $saved_epoch, the best val_loss" es/report.txt ||
        fail "early stopping: report names another epoch: $(cat es/report.txt)"
    # the report's validation loss, recomputed on the model: the best one
    reported=$(value_after "validation rows: loss" es/report.txt)
    awk -v a="$reported" -v b="$best_val" 'BEGIN { exit !((a - b) ^ 2 < 1e-12) }' ||
        fail "early stopping: report's validation loss $reported, best in history $best_val"
    if expect_ok "predict held-out rows" predict es/m.tnn "$data/breast_cancer_heldout.csv" --out es; then
        p=es/predictions.csv
        yc=$(column y_true $p)
        pc=$(column p_malignant $p)
        measured=$(awk -F, -v y="$yc" -v q="$pc" 'NR > 1 {
                s -= $y == 1 ? log($q) : log(1 - $q); n++
            } END { printf "%.17g\n", s / n }' $p)
        awk -v a="$measured" -v b="$best_val" 'BEGIN { d = a - b; exit !(d * d < 1e-8 * b * b) }' ||
            fail "early stopping: the saved model's validation loss is $measured, history's best $best_val"
    fi
fi

# --no-restore-best: the last epoch's weights, and the report says so
if expect_ok "no restore" fit "$bc" "${bc_args[@]}" --validation-split 0.3 --epochs 500 \
    --early-stopping 5 --no-restore-best --model last/m.tnn; then
    rows=$(($(wc -l <last/m.history.csv) - 1))
    [ "$(awk -F, '$6 == 1 { print $1 }' last/m.history.csv)" = "$rows" ] ||
        fail "no restore: the saved row is not the last ($rows)"
    grep -qF "saved the weights of the last epoch, $rows" "$work/stdout" ||
        fail "no restore: report: $(cat "$work/stdout")"
fi

# monitoring the training loss with a huge --min-delta: epoch 1 is the
# only improvement, patience 2 stops after epoch 3, and epoch 1 is saved
if expect_ok "monitor loss" fit "$bc" "${bc_args[@]}" --epochs 50 --early-stopping 2 \
    --monitor loss --min-delta 1000 --model ml/m.tnn; then
    [ "$(head -n 1 ml/m.history.csv)" = "epoch,loss,accuracy,saved" ] ||
        fail "monitor loss: header $(head -n 1 ml/m.history.csv)"
    [ "$(tail -n +2 ml/m.history.csv | cut -d, -f1,4 | tr '\n' ' ')" = "1,1 2,0 3,0 " ] ||
        fail "monitor loss: history $(cat ml/m.history.csv)"
    grep -qF "stopped after epoch 3 of 50, loss did not improve for 2 epochs; saved the weights of epoch 1" \
        "$work/stdout" || fail "monitor loss: report $(cat "$work/stdout")"
fi

# --l2: the history's loss includes the penalty (higher from the same start)
# and the output layer's weights end smaller (tinynn geometry's layer 1:
# w1..w64 are its kernel, in the hidden layer's units)
kernel_norm() { awk -F, 'NR > 1 { for (i = 3; i <= NF; i++) s += $i * $i } END { printf "%.17g\n", s }' "$1"; }
if expect_ok "without l2" fit "$bc" "${bc_args[@]}" --epochs 100 --model plain/m.tnn &&
    expect_ok "with l2" fit "$bc" "${bc_args[@]}" --epochs 100 --l2 0.01 --model l2/m.tnn; then
    grep -qF "l2: 0.01 (the losses below include the penalty" "$work/stdout" ||
        fail "l2: report $(cat "$work/stdout")"
    first_plain=$(sed -n 2p plain/m.history.csv | cut -d, -f2)
    first_l2=$(sed -n 2p l2/m.history.csv | cut -d, -f2)
    awk -v a="$first_l2" -v b="$first_plain" 'BEGIN { exit !(a > b + 1e-3) }' ||
        fail "l2: first epoch's loss $first_l2, without the penalty $first_plain"
    expect_ok "geometry plain" geometry plain/m.tnn --out plain &&
        expect_ok "geometry l2" geometry l2/m.tnn --out l2 &&
        { n_plain=$(kernel_norm plain/layer1_units.csv); n_l2=$(kernel_norm l2/layer1_units.csv)
          awk -v a="$n_l2" -v b="$n_plain" 'BEGIN { exit !(a < 0.8 * b) }' ||
              fail "l2: output kernel's squared norm $n_l2, without the penalty $n_plain"; }
    if [ "${TINYNN_TEST_HAVE_LBFGS:-1}" = 1 ]; then
        lb=(--target diagnosis --layers 8:tanh,1:sigmoid --standardize --seed 0 --quiet
            --optimizer lbfgs --epochs 40)
        if expect_ok "lbfgs" fit "$bc" "${lb[@]}" --model lp/m.tnn &&
            expect_ok "lbfgs l2" fit "$bc" "${lb[@]}" --l2 0.01 --model ll/m.tnn &&
            expect_ok "geometry lbfgs" geometry lp/m.tnn --out lp &&
            expect_ok "geometry lbfgs l2" geometry ll/m.tnn --out ll; then
            awk -v a="$(kernel_norm ll/layer1_units.csv)" -v b="$(kernel_norm lp/layer1_units.csv)" \
                'BEGIN { exit !(a < 0.8 * b) }' || fail "lbfgs l2: the kernel did not shrink"
        fi
    fi
fi

# usage errors: exit 2, a message, nothing written
# reject_usage NAME FRAGMENT ARGS...
reject_usage() {
    local name=$1 fragment=$2
    shift 2
    expect_reject "$name" "$fragment" "$@"
    run "$@"
    local rc=$?
    [ "$rc" -eq 2 ] || fail "$name: exit $rc, expected 2"
}
reject_usage "monitor alone" "--monitor: expected --early-stopping PATIENCE too" \
    fit "$bc" "${bc_args[@]}" --monitor loss --model out/m.tnn
reject_usage "min-delta alone" "--min-delta: expected --early-stopping PATIENCE too" \
    fit "$bc" "${bc_args[@]}" --min-delta 0.1 --model out/m.tnn
reject_usage "no-restore-best alone" "--no-restore-best: expected --early-stopping PATIENCE too" \
    fit "$bc" "${bc_args[@]}" --no-restore-best --model out/m.tnn
reject_usage "val_loss without split" "--monitor val_loss: expected --validation-split F too" \
    fit "$bc" "${bc_args[@]}" --early-stopping 3 --monitor val_loss --model out/m.tnn
reject_usage "bad monitor" "--monitor: expected loss or val_loss, found 'acc'" \
    fit "$bc" "${bc_args[@]}" --early-stopping 3 --monitor acc --model out/m.tnn
reject_usage "negative l2" "--l2: expected a penalty of 0 or more, found '-0.1'" \
    fit "$bc" "${bc_args[@]}" --l2 -0.1 --model out/m.tnn
reject_usage "negative min-delta" "--min-delta: expected 0 or more, found '-1'" \
    fit "$bc" "${bc_args[@]}" --early-stopping 3 --min-delta -1 --model out/m.tnn
reject_usage "bad patience" "--early-stopping" \
    fit "$bc" "${bc_args[@]}" --early-stopping soon --model out/m.tnn
