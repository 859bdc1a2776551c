#!/usr/bin/env bash
# Reproducible training of the cause model from replayed scenarios (see models/MODEL_CARD.md).
# For each seed: generate a labelled replay folder, replay it with --dump-contexts (the job's own
# correlation stage produces the episode contexts, so training sees exactly what serving sees),
# then train on the contexts joined with their labels. Same seeds and code → byte-identical model.
#
# Writes the model where the build ships it from, judge/src/main/resources/models/cause.onnx and
# cause.json, and the card to models/MODEL_CARD.md; extra arguments go to `driftguard train`
# (`--output DIR` to try a model without replacing the shipped one).
#
#   models/train.sh                 # seeds 1..10 and three unseen worlds, data in target/train-data
#   SEEDS="1 2 3" DATA=/tmp/d models/train.sh
#   models/train.sh --output /tmp/candidate --model-card /tmp/candidate/MODEL_CARD.md
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-target/train-data}
SEEDS=${SEEDS:-$(seq 1 10)}
for n in $SEEDS; do
    dir="$DATA/seed-$n"
    if [[ ! -f "$dir/contexts.jsonl" ]]; then
        rm -rf "$dir" && mkdir -p "$dir"
        ./driftguard generate --output "$dir/in" --seed "$n" > "$dir/generate.log"
        cp "$dir/in/labels.jsonl" "$dir/labels.jsonl"
        ./driftguard replay --input "$dir/in" --output "$dir/FINDINGS.jsonl" --dump-contexts "$dir/contexts.jsonl" \
            --progress-seconds 60 2> "$dir/replay.log"
    fi
done
# Worlds the model never sees (other seeds, other shapes): scored for the card's generalisation
# section, never trained or calibrated on. name|generator options, one per line.
UNSEEN=${UNSEEN:-"dense-202|--seed 202 --span-hours 12 --scenarios 300
sparse-303|--seed 303 --span-hours 96 --background-ratio 0.95 --scenarios 200
busy-505|--seed 505 --span-hours 72 --scenarios 400"}
unseen_args=()
while IFS='|' read -r name opts; do
    [[ -z "$name" ]] && continue
    dir="$DATA/unseen/$name"
    if [[ ! -f "$dir/contexts.jsonl" ]]; then
        rm -rf "$dir" && mkdir -p "$dir"
        # shellcheck disable=SC2086
        ./driftguard generate --output "$dir/in" $opts > "$dir/generate.log"
        cp "$dir/in/labels.jsonl" "$dir/labels.jsonl"
        ./driftguard replay --input "$dir/in" --output "$dir/FINDINGS.jsonl" --dump-contexts "$dir/contexts.jsonl" \
            --progress-seconds 60 2> "$dir/replay.log"
    fi
    echo "$opts" > "$dir/world.txt"
    unseen_args+=(--unseen-world "$dir")
done <<< "$UNSEEN"
first=$(echo $SEEDS | awk '{print $1}'); last=$(echo $SEEDS | awk '{print $NF}')
./driftguard train --scenarios-seeds "$first..$last" --data "$DATA" "${unseen_args[@]}" "$@"
