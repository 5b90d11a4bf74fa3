# Looks for the canaries (and their base64 forms) where a leak would stay on a host: files in the
# places programs write temporary and log data, and every field of every journal entry. Also
# lists temporary files playbook's module programs leave behind. The test prepends NEEDLES
# (the texts to look for) and ROOTS (directories to scan); this program travels on stdin.
import json
import os
import subprocess

needles = [n.encode() for n in NEEDLES]
hits = []
scanned = 0
for root in ROOTS:
    for directory, subdirs, files in os.walk(root):
        for name in files:
            path = os.path.join(directory, name)
            try:
                if not os.path.isfile(path) or os.path.islink(path) or os.path.getsize(path) > 64 << 20:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            scanned += 1
            if any(n in data for n in needles):
                hits.append(path)

journal = subprocess.run(["journalctl", "-o", "json", "--no-pager"], capture_output=True).stdout
journal_entries = journal.count(b"\n")
journal_hits = [line[:300].decode("utf-8", "replace") for line in journal.split(b"\n") if any(n in line for n in needles)]

leftovers = []
for directory in ["/tmp", "/var/tmp", "/root", "/home/deployp"]:
    try:
        names = os.listdir(directory)
    except OSError:
        continue
    for name in names:
        if name.startswith((".pb-", "pb.", "pb-upload.", "pb-upload-", "pb-deb", ".playbook-upload-")):
            leftovers.append(os.path.join(directory, name))

print(json.dumps({"scanned_files": scanned, "file_hits": hits, "journal_entries": journal_entries,
                  "journal_hits": journal_hits[:10], "leftovers": leftovers}))
