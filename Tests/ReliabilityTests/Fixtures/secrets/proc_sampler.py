# Sweeps /proc/*/cmdline and /proc/*/environ of every process on the host, over and over, until
# STOP_FILE appears, looking for the canaries. Run as root so every process is readable.
# The test prepends CANARIES, READY_FILE, STOP_FILE and MAX_SECONDS; the program itself
# travels on stdin, so no canary is in this process's own argv.
import json
import os
import time

needles = [c.encode() for c in CANARIES]
me = os.getpid()
sweeps = 0
found = []
sudo_pids = set()
shell_pids = set()
deadline = time.time() + MAX_SECONDS
open(READY_FILE, "w").close()
while not os.path.exists(STOP_FILE) and time.time() < deadline:
    sweeps += 1
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        for kind in ("cmdline", "environ"):
            try:
                with open("/proc/%s/%s" % (pid, kind), "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if kind == "cmdline":
                if data.startswith(b"sudo\0"):
                    sudo_pids.add(pid)
                elif data.startswith(b"/bin/sh\0-s"):
                    shell_pids.add(pid)
            for needle in needles:
                if needle in data:
                    found.append({"pid": pid, "kind": kind, "data": data[:300].decode("utf-8", "replace")})
print(json.dumps({"sweeps": sweeps, "hits": len(found), "found": found[:10],
                  "sudo_processes": len(sudo_pids), "shell_processes": len(shell_pids)}))
