// The UDP socket toward one ingest, shared by the SRT tap and the engine's own sender: the host resolved once, the socket
// connected to it (it then hears only the ingest, and ICMP errors from it surface as socket errors). Thin I/O.

import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { AppError } from '../appError';

export interface IngestAddress {
  address: string;
  family: 4 | 6;
  port: number;
}

/** Kernel socket buffer asked for (the kernel may cap it): a GOP burst at 50 Mbit/s is a few MB. */
export const DEFAULT_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Resolves `host` and opens an ephemeral UDP socket connected to it.
 * @throws AppError `unreachable`/`ingest_dns_failed` when the host does not resolve, `config`/`tap_bind_failed` when the socket cannot be opened.
 */
export async function openIngestSocket(options: { host: string; port: number; bufferBytes?: number }): Promise<{ socket: Socket; ingest: IngestAddress }> {
  let resolved: { address: string; family: number };
  try {
    resolved = await lookup(options.host);
  } catch (cause) {
    throw new AppError('unreachable', 'ingest_dns_failed',
      `Could not resolve the ingest host "${options.host}": check the push URL and the network connection.`, { cause });
  }
  const family: 4 | 6 = resolved.family === 6 ? 6 : 4;
  const bufferBytes = options.bufferBytes ?? DEFAULT_SOCKET_BUFFER_BYTES;
  const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', recvBufferSize: bufferBytes, sendBufferSize: bufferBytes });
  try {
    await bindSocket(socket, 0);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(options.port, resolved.address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
  } catch (cause) {
    socket.close();
    throw new AppError('config', 'tap_bind_failed', 'Could not open a local UDP socket toward the ingest: check that the firewall allows UDP.', { cause });
  }
  return { socket, ingest: { address: resolved.address, family, port: options.port } };
}

export function bindSocket(socket: Socket, port: number, address?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
