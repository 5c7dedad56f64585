// A UDP relay on 127.0.0.1 that can be closed on demand: the "network outage" switch of the local rehearsal ingests.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export interface UdpGate {
  /** The port callers send to. */
  readonly port: number;
  /** While closed, every datagram in both directions is dropped, like a network blackhole. */
  setOpen(open: boolean): void;
  readonly open: boolean;
  /** Datagrams dropped while closed, both directions. */
  readonly dropped: number;
  close(): Promise<void>;
}

/** A datagram that cannot be sent (socket closed under it) is lost, as on a network; it must never throw. */
function safeSend(socket: Socket, msg: Buffer, port: number, address: string): void {
  try {
    socket.send(msg, port, address);
  } catch {
    // ERR_SOCKET_DGRAM_NOT_RUNNING and the like
  }
}

/**
 * Relays datagrams between callers and `targetPort` on 127.0.0.1. Each caller (address:port) gets its own upstream
 * socket, so the target sees distinct peers just as it would without the gate.
 */
export async function startUdpGate(targetPort: number, host = '127.0.0.1'): Promise<UdpGate> {
  const front = createSocket('udp4');
  const upstreams = new Map<string, Socket>();
  let open = true;
  let closed = false;
  let dropped = 0;

  function upstreamFor(client: RemoteInfo): Socket {
    const key = `${client.address}:${client.port}`;
    let up = upstreams.get(key);
    if (!up) {
      const socket = createSocket('udp4');
      socket.on('message', (msg) => {
        if (open && !closed) safeSend(front, msg, client.port, client.address);
        else dropped++;
      });
      socket.on('error', () => {
        // A broken upstream socket is dropped; the caller's next datagram opens a fresh one.
        if (upstreams.get(key) === socket) upstreams.delete(key);
        try {
          socket.close();
        } catch {
          // already closed
        }
      });
      socket.bind(0, host);
      upstreams.set(key, socket);
      up = socket;
    }
    return up;
  }

  front.on('message', (msg, rinfo) => {
    if (!open || closed) {
      dropped++;
      return;
    }
    safeSend(upstreamFor(rinfo), msg, targetPort, host);
  });
  front.on('error', () => undefined);
  await new Promise<void>((resolve) => front.bind(0, host, resolve));
  const port = front.address().port;

  return {
    port,
    get open() {
      return open;
    },
    get dropped() {
      return dropped;
    },
    setOpen(next) {
      open = next;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const s of upstreams.values()) s.close();
      upstreams.clear();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
