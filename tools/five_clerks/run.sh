#!/bin/bash
# Five clerks (five TUIs) on one 100,000-household, 100,000-request database.
# Usage: cargo build --release && tools/five_clerks/run.sh (needs tmux, python3, bc; README "Performance").
DB=${DB:-/tmp/minqing-five/demo.db}; mkdir -p "$(dirname "$DB")"; rm -f "$DB" "$DB"-wal "$DB"-shm
cd "$(dirname "$0")/../.."
B=target/release/minqing
for i in 1 2 3 4 5; do tmux kill-session -t c$i 2>/dev/null; done
date -u; git log --oneline -1
t0=$(date +%s)
tmux new -d -s c1 -x 120 -y 35 "$B demo --db '$DB' --households 100000 --requests 100000; sleep 900"
until tmux capture-pane -pt c1 | grep -q "东浦镇"; do sleep 2; done
echo "generated and open after $(( $(date +%s) - t0 )) s"
for i in 2 3 4 5; do tmux new -d -s c$i -x 120 -y 35 "$B demo --db '$DB'; sleep 900"; done
sleep 15
for i in 1 2; do tmux send-keys -t c$i 3; sleep 1; tmux send-keys -t c$i v; done
for i in 3 4 5; do tmux send-keys -t c$i F2; sleep 0.5; tmux send-keys -t c$i -l "wang"; done
sleep 20
tmux capture-pane -pt c1 | sed -n 2p; tmux capture-pane -pt c3 | sed -n 2,3p
pgrep -x minqing | wc -l
echo "== 60 s, no commits"; tools/five_clerks/cpu.sh 60
echo "== 60 s, one foreign commit a second"
python3 tools/five_clerks/commit.py "$DB" 62 &
sleep 1; tools/five_clerks/cpu.sh 60; wait
tmux capture-pane -pt c1 | sed -n 2p; tmux capture-pane -pt c3 | sed -n 2,4p
tmux send-keys -t c3 BSpace BSpace BSpace BSpace; sleep 1
echo "== typing in c3 (lookup), no commits"; python3 tools/five_clerks/typing.py c3 3
echo "== typing in c3 (lookup), one foreign commit a second"
python3 tools/five_clerks/commit.py "$DB" 40 &
sleep 1; python3 tools/five_clerks/typing.py c3 3; wait
date -u
for i in 1 2 3 4 5; do tmux kill-session -t c$i 2>/dev/null; done
