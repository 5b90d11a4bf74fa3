#!/usr/bin/env python3
"""Wait until hosts answer with an SSH banner.

usage: wait_ssh.py DEADLINE_SECONDS NAME=IP[:PORT]...

A TCP connect alone is not enough (the kernel accepts before sshd is ready to talk), so each host counts
as up once it sends its "SSH-" identification line. All hosts are probed concurrently. Prints the names
of the hosts that did not answer before the deadline, one per line, and exits 1 if there are any.
"""
import asyncio
import sys
import time


async def answers(ip: str, port: int, deadline: float) -> bool:
    while True:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(ip, port), timeout=2)
            try:
                line = await asyncio.wait_for(reader.readline(), timeout=5)
            finally:
                writer.close()
            if line.startswith(b"SSH-"):
                return True
        except (OSError, asyncio.TimeoutError):
            pass
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.2)


async def main() -> int:
    deadline = time.monotonic() + float(sys.argv[1])
    targets = []
    for arg in sys.argv[2:]:
        name, _, address = arg.partition("=")
        ip, _, port = address.partition(":")
        targets.append((name, ip, int(port or 22)))
    results = await asyncio.gather(*(answers(ip, port, deadline) for _, ip, port in targets))
    missing = [name for (name, _, _), ok in zip(targets, results) if not ok]
    for name in missing:
        print(name)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
