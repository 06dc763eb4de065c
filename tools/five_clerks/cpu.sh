#!/bin/bash
# CPU seconds (utime+stime) and RSS of each minqing process over $1 seconds.
T=$1
pids=$(pgrep -x minqing)
declare -A a
for p in $pids; do a[$p]=$(awk '{print $14+$15}' /proc/$p/stat); done
sleep $T
tck=$(getconf CLK_TCK); tot=0
for p in $pids; do
  b=$(awk '{print $14+$15}' /proc/$p/stat); d=$((b - ${a[$p]}))
  rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$p/status); hwm=$(awk '/VmHWM/{print int($2/1024)}' /proc/$p/status)
  echo "pid $p cpu $(echo "scale=1; 100*$d/$tck/$T" | bc)% rss ${rss} MB peak ${hwm} MB"; tot=$((tot+d))
done
echo "total cpu $(echo "scale=1; 100*$tot/$tck/$T" | bc)% of one core over ${T}s"
