# Watches one directory with inotify and records the mode of every file the moment an event
# names it (created, attributes changed, written, moved in), until STOP_FILE appears. Between
# events it also rescans the directory, so a file that appears and vanishes quickly is still
# likely to be seen. The test prepends DIRECTORY, READY_FILE and STOP_FILE; the program
# travels on stdin.
import ctypes
import json
import os
import select
import stat
import struct
import time

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE, IN_MOVED_TO, IN_CREATE = 0x2, 0x4, 0x8, 0x80, 0x100
libc = ctypes.CDLL("libc.so.6", use_errno=True)
fd = libc.inotify_init1(os.O_NONBLOCK)
if fd < 0 or libc.inotify_add_watch(fd, DIRECTORY.encode(),
                                    IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0:
    raise SystemExit("inotify: errno %d" % ctypes.get_errno())

observations = {}
events = 0


def look(name):
    try:
        info = os.lstat(os.path.join(DIRECTORY, name))
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        observations.setdefault(name, set()).add(stat.S_IMODE(info.st_mode))


open(READY_FILE, "w").close()
deadline = time.time() + 1800
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.002)
    if ready:
        data = os.read(fd, 65536)
        offset = 0
        while offset < len(data):
            _, mask, _, length = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16:offset + 16 + length].rstrip(b"\0").decode()
            offset += 16 + length
            events += 1
            if name:
                look(name)
    else:
        for name in os.listdir(DIRECTORY):
            look(name)
        if os.path.exists(STOP_FILE):
            break
print(json.dumps({"events": events, "modes": {name: sorted(modes) for name, modes in observations.items()}}))
