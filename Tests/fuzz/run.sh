#!/usr/bin/env bash
# Coverage-guided fuzzing of yji's file readers with libFuzzer (swiftc -sanitize=fuzzer,address; Linux). See FUZZING.md.
#
#     bash Tests/fuzz/run.sh [SECONDS-PER-TARGET] [TARGET...]     # default 8 s each, every target
#
# Targets: caseload, cases, judgements, responses (children's questionnaire CSV), indicators, framework (YAML),
# questionnaire (YAML). It compiles YJICore's sources, Yams (from SwiftPM's checkout: run `swift build` or
# `swift package resolve` first) and Tests/fuzz/FuzzMain.swift with swiftc into $YJI_FUZZ_BUILD (default
# /tmp/yji-fuzz-build, outside the repository, so `swift build` and `swift test` never see it), rebuilding only
# when a source changed. Each target's corpus grows in $YJI_FUZZ_BUILD/corpus/TARGET from the seeds in
# Tests/fuzz/seeds/TARGET (plus the shipped YAML files for the YAML targets), so later runs start where earlier ones
# stopped. A crash leaves its input in $YJI_FUZZ_BUILD/crashes and fails the run; reproduce it with
#     YJI_FUZZ_TARGET=TARGET $YJI_FUZZ_BUILD/yji-fuzz CRASH-FILE
# Ends with one line per target and a total: "fuzz: N inputs tried, 0 crashes (7 targets, S s)".
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
SUITE=fuzz
source "$repo/Tests/support.sh"
cd "$repo"
all_targets=(caseload cases judgements responses indicators framework questionnaire)
seconds=${1:-8}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
build=${YJI_FUZZ_BUILD:-/tmp/yji-fuzz-build}
started=$(date +%s)
say() { echo "fuzz: $* ($(( $(date +%s) - started ))s)"; }

yams=.build/checkouts/Yams/Sources
if [ ! -d "$yams/Yams" ]; then
    say "resolving packages for the Yams sources"
    swift package resolve > /dev/null
fi
[ -d "$yams/Yams" ] || { echo "fuzz: no Yams checkout at $yams" >&2; exit 2; }

# --- build (only when a source changed) ---
mkdir -p "$build/obj" "$build/crashes" "$build/corpus"
sources=(Sources/YJICore/*/*.swift Sources/YJICore/*.swift)
stamp=$( { cat Tests/fuzz/FuzzMain.swift "${sources[@]}" "$yams"/Yams/*.swift "$yams"/CYaml/src/*.c; swiftc --version 2>&1; } | sha256sum | cut -c1-16)
if [ ! -x "$build/yji-fuzz" ] || [ "$(cat "$build/stamp" 2> /dev/null)" != "$stamp" ]; then
    say "building the fuzz binary in $build"
    rm -f "$build/yji-fuzz" "$build"/obj/*
    sanitize=-sanitize=fuzzer,address
    for c in "$yams"/CYaml/src/*.c; do
        clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" \
            "$c" -o "$build/obj/cyaml-$(basename "$c" .c).o"
    done
    swiftc -parse-as-library -swift-version 5 -module-name Yams -DSWIFT_PACKAGE -emit-module -emit-module-path "$build/obj/Yams.swiftmodule" \
        -O -g $sanitize -Xcc -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" -wmo -c "$yams"/Yams/*.swift -o "$build/obj/yams.o"
    # SwiftPM generates Bundle.module for a target with resources; this build points it at a copy of the same files.
    mkdir -p "$build/resources"
    cp -R Sources/YJICore/Frameworks Sources/YJICore/Questionnaires "$build/resources/"
    cat > "$build/obj/BundleModule.swift" <<SWIFT
import Foundation
extension Foundation.Bundle {
    static let module: Bundle = Bundle(path: "$build/resources") ?? .main
}
SWIFT
    swiftc -parse-as-library -swift-version 6 -module-name YJICore -package-name yji -emit-module -emit-module-path "$build/obj/YJICore.swiftmodule" \
        -O -g $sanitize -I "$build/obj" -I "$yams/CYaml/include" -Xcc -DYAML_DECLARE_STATIC -wmo \
        -c "${sources[@]}" "$build/obj/BundleModule.swift" -o "$build/obj/yjicore.o"
    swiftc -parse-as-library -swift-version 6 -module-name YJIFuzz -package-name yji -O -g $sanitize -I "$build/obj" -I "$yams/CYaml/include" \
        -Xcc -DYAML_DECLARE_STATIC Tests/fuzz/FuzzMain.swift "$build/obj/yjicore.o" "$build/obj/yams.o" "$build"/obj/cyaml-*.o \
        -o "$build/yji-fuzz"
    echo "$stamp" > "$build/stamp"
    say "built $build/yji-fuzz"
fi

# --- run ---
# ASan's leak checker would report the shipped fixtures loaded once for the whole run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
total=0
crashes=0
summary="$build/summary.txt"
: > "$summary"
for target in "${targets[@]}"; do
    case " ${all_targets[*]} " in *" $target "*) ;; *) echo "fuzz: unknown target $target" >&2; exit 2 ;; esac
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    seeds=(Tests/fuzz/seeds/"$target")
    case "$target" in
        framework) seeds+=(Sources/YJICore/Frameworks) ;;
        questionnaire) seeds+=(Sources/YJICore/Questionnaires) ;;
    esac
    # The shipped frameworks run to 50 KB; CSV seeds are small, and short inputs mutate faster.
    dict=Tests/fuzz/csv.dict
    max_len=16384
    case "$target" in framework|questionnaire) dict=Tests/fuzz/yaml.dict; max_len=65536 ;; esac
    log="$build/$target.log"
    status=0
    YJI_FUZZ_TARGET=$target "$build/yji-fuzz" -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -dict="$dict" -artifact_prefix="$build/crashes/$target-" "$corpus" "${seeds[@]}" \
        > "$log" 2>&1 || status=$?
    runs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)
    runs=${runs:-0}
    total=$((total + runs))
    if [ "$status" -ne 0 ]; then
        crashes=$((crashes + 1))
        echo "fuzz: $target: CRASH after $runs inputs (exit $status); input in $build/crashes, log $log:" | tee -a "$summary"
        grep -E "yji-fuzz:|Fatal error|ERROR: |SUMMARY:|Test unit written" "$log" | head -8 | sed 's/^/    /' | tee -a "$summary"
    else
        echo "fuzz: $target: $runs inputs, 0 crashes, corpus $(ls "$corpus" | wc -l) files, $(grep -o 'cov: [0-9]*' "$log" | tail -1)" \
            | tee -a "$summary"
    fi
done
echo "fuzz: $total inputs tried, $crashes crashes (${#targets[@]} targets, $(( $(date +%s) - started )) s)"
[ "$crashes" -eq 0 ]
