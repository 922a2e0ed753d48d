#!/bin/sh
# Assembles the hand-written BPF assembly here into tests/programs/build/asm-*.o with the real clang
# (clang 14 accepts LLVM's BPF asm syntax). *-eb.s and asm-bpfeb.s are big-endian (-target bpfeb).
# Run from anywhere: sh tests/programs/asm/build.sh   (the objects are committed; rerun after editing a .s)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../build"
mkdir -p "$out"
for s in "$here"/asm-*.s; do
  name=$(basename "$s" .s)
  target=bpf
  case "$name" in *-eb|asm-bpfeb) target=bpfeb ;; esac
  clang -target "$target" -mcpu=v3 -c "$s" -o "$out/$name.o"
  echo "built tests/programs/build/$name.o ($target)"
done
clang --version | head -1 > "$out/asm-clang-version.txt"
