#!/usr/bin/env python3
"""A TCP proxy that adds latency, for simulating a WAN in front of a lab host's sshd.

usage: delay_proxy.py --listen IP --port PORT --target IP --target-port PORT --delay-ms MS [--ready-file F]

The kernel here has no netem, so the delay is added in userspace: every chunk read from one side is
written to the other side MS/2 milliseconds after it arrived, so a round trip gains MS. Reading goes on
while earlier chunks wait (each direction is a queue ordered by arrival), so order is preserved and
throughput is not capped at one chunk per delay -- like a long pipe, not a stop-and-wait link. TCP_NODELAY
is set on both sockets so the proxy adds no Nagle stalls of its own.
"""
import argparse
import asyncio
import os
import socket

CHUNK = 256 * 1024
# Bytes read but not yet written, per direction, before reading pauses (backpressure instead of
# buffering without bound when the receiving side is slow).
HIGH_WATER = 16 * 1024 * 1024


def no_delay(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


async def pump(reader: asyncio.StreamReader, source: asyncio.StreamWriter, writer: asyncio.StreamWriter,
               delay: float) -> None:
    """Copies reader to writer, each chunk `delay` seconds after it was read; forwards EOF likewise.

    `source` is the writer of the reader's own socket: when writing fails, it is aborted so that a read
    waiting on a quiet peer ends too and the error surfaces here."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    in_flight = 0
    room = asyncio.Event()
    room.set()

    async def send() -> None:
        nonlocal in_flight
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()
            in_flight -= len(data)
            if in_flight < HIGH_WATER:
                room.set()

    sender = asyncio.create_task(send())
    sender.add_done_callback(
        lambda t: source.transport.abort() if not t.cancelled() and t.exception() is not None else None
    )
    try:
        while True:
            await room.wait()
            data = await reader.read(CHUNK)
            due = loop.time() + delay
            if not data:
                queue.put_nowait((due, None))
                break
            in_flight += len(data)
            if in_flight >= HIGH_WATER:
                room.clear()
            queue.put_nowait((due, data))
        await sender
    finally:
        sender.cancel()


async def handle(client_reader, client_writer, args) -> None:
    no_delay(client_writer)
    try:
        upstream_reader, upstream_writer = await asyncio.wait_for(
            asyncio.open_connection(args.target, args.target_port), timeout=args.connect_timeout
        )
    except (OSError, asyncio.TimeoutError):
        # The client sees its connection closed, as with a host that refused or vanished.
        client_writer.transport.abort()
        return
    no_delay(upstream_writer)
    delay = args.delay_ms / 2000.0
    tasks = [
        asyncio.create_task(pump(client_reader, client_writer, upstream_writer, delay)),
        asyncio.create_task(pump(upstream_reader, upstream_writer, client_writer, delay)),
    ]
    # Both directions end normally after a FIN each way; an error on either side tears down both, so a
    # reset on one side is not hidden from the other.
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    failed = any(t.exception() is not None for t in done if not t.cancelled())
    for t in pending:
        t.cancel()
    for w in (client_writer, upstream_writer):
        if failed:
            w.transport.abort()
        else:
            w.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--target-port", type=int, default=22)
    parser.add_argument("--delay-ms", type=float, required=True)
    parser.add_argument("--connect-timeout", type=float, default=60.0)
    parser.add_argument("--ready-file")
    args = parser.parse_args()

    server = await asyncio.start_server(
        lambda r, w: handle(r, w, args), host=args.listen, port=args.port, reuse_address=True, backlog=1024
    )
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{args.listen} {args.port}\n")
        os.replace(tmp, args.ready_file)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
