# One foreign commit a second for N seconds: alternately a person's phone and a request's status.
import sqlite3, sys, time, random
db, n = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db, timeout=10, isolation_level=None)
c.execute("PRAGMA busy_timeout=10000")
pids = [r[0] for r in c.execute("SELECT id FROM persons ORDER BY random() LIMIT ?", (n,))]
rids = [r[0] for r in c.execute("SELECT id FROM requests WHERE status IN ('assigned','in_progress') ORDER BY random() LIMIT ?", (n,))]
t0 = time.time()
for i in range(n):
    c.execute("BEGIN IMMEDIATE")
    if i % 2 == 0:
        c.execute("UPDATE persons SET phone=?, version=version+1 WHERE id=?", ("139%08d" % random.randrange(10**8), pids[i]))
    else:
        c.execute("UPDATE requests SET status=CASE status WHEN 'assigned' THEN 'in_progress' ELSE 'assigned' END, version=version+1 WHERE id=?", (rids[i],))
    c.execute("COMMIT")
    time.sleep(max(0, t0 + i + 1 - time.time()))
print("commits", n)
