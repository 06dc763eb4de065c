# Typing latency in one TUI (tmux session given): each keystroke is sent with
# tmux send-keys and timed until the query line on screen shows it, polling
# capture-pane (README "Performance"). Prints median, p90, max in ms.
import subprocess, sys, time
session, rounds = sys.argv[1], int(sys.argv[2])
words = ["wang", "zhang", "li", "chen", "liu", "zhou", "1532", "8808"]
def screen():
    return subprocess.run(["tmux", "capture-pane", "-pt", session], capture_output=True, text=True).stdout
def query_line():
    for line in screen().splitlines():
        if line.startswith("查询：") or line.startswith("Find: "):
            return line
    return ""
lat = []
for r in range(rounds):
    for w in words:
        typed = ""
        for ch in w:
            typed += ch
            t0 = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", ch])
            while not query_line().rstrip().endswith(typed):
                pass
            lat.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.03)
        for _ in w:
            subprocess.run(["tmux", "send-keys", "-t", session, "BSpace"])
        time.sleep(0.1)
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print(f"{len(lat)} keystrokes: median {q(0.5):.1f} ms, p90 {q(0.9):.1f} ms, max {lat[-1]:.1f} ms")
