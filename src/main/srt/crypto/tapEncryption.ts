// SRT encryption done by the tap instead of the sender, so the passphrase never reaches ffmpeg's command line: the
// unencrypted caller's CONCLUSION gains a KMREQ with fresh key material, its data payloads are AES-CTR encrypted, and the
// ingest's answers lose their encryption parts before the caller sees them. Pure: one datagram in, one (or none) out.

import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { decodeHandshakePacket, HandshakeExtType, type HandshakePacket } from '../packets/handshakePacket';
import { HandshakeExtFlag, readHandshakeBlocks, writeHandshake, type HandshakeBlock } from '../packets/handshakeBlocks';
import { encodeKmMessage, KM_CIPHER_AES_CTR, KM_SE_SRT, KmState } from '../packets/kmMessage';
import { ControlType, decodeSrtHeader, SRT_HEADER_BYTES } from '../packets/srtHeader';
import {
  deriveKek, encryptionFieldOf, keyLengthOfEncryptionField, SRT_SALT_BYTES, SrtPayloadCipher, wrapKeys, type SrtKeyLengthBytes,
} from './srtCipher';

export interface TapEncryptionOptions {
  /** The SRT passphrase (10–79 characters). Kept in this closure only; never logged, returned or put in a message. */
  passphrase: string;
  /**
   * Key length (SRTO_PBKEYLEN). When undefined, the length the ingest advertises in its INDUCTION reply is adopted, else
   * 16 (AES-128): what libsrt 1.5.1's caller does with no pbkeylen set (core.cpp checkUpdateCryptoKeyLen).
   */
  keyLengthBytes?: SrtKeyLengthBytes;
  /** Source of random bytes for the salt and the key; default node:crypto randomBytes. Injectable for test vectors. */
  randomBytes?: (size: number) => Buffer;
}

/** 'pending' until the ingest's CONCLUSION confirms the key; a refusal carries a plain sentence without any secret. */
export type TapEncryptionStatus = 'pending' | 'ok' | { refused: string };

export interface TapEncryptionCounters {
  /** Data packets from the caller encrypted (retransmissions included). */
  encryptedDataPackets: number;
  /** Data packets from the ingest decrypted for the caller (a listener sending data back; rare). */
  decryptedDataPackets: number;
  /** Datagrams not forwarded: caller data before any key or after a refusal, KM control packets, stale handshakes. */
  droppedDatagrams: number;
}

/** The per-datagram interface the SRT tap calls; `null` means "do not forward this datagram". */
export interface TapEncryption {
  fromCaller(datagram: Buffer): Buffer | null;
  fromIngest(datagram: Buffer): Buffer | null;
  status(): TapEncryptionStatus;
  counters(): TapEncryptionCounters;
}

/** Key material of one caller socket (one sender connection attempt). */
interface SessionKeys {
  callerSocketId: number;
  keyLengthBytes: SrtKeyLengthBytes;
  /** The KM message sent in the KMREQ; a successful KMRSP echoes it byte for byte. */
  kmMessage: Buffer;
  /** AES-CTR over the data payloads with the stream encrypting key (the even key; the tap never rotates keys) and salt. */
  cipher: SrtPayloadCipher;
}

/** SRT_REJ_BADSECRET and SRT_REJ_UNSECURE as wire Handshake Types (1000 + reason). */
const REJECT_BADSECRET = 1010;
const REJECT_UNSECURE = 1011;
const KK_MASK = 0x18000000;
const KK_EVEN = 0x08000000;
/** UMSG_EXT subtypes of KM refresh packets (SRT_CMD_KMREQ / SRT_CMD_KMRSP). */
const KM_CONTROL_SUBTYPES: ReadonlySet<number> = new Set([HandshakeExtType.KMREQ, HandshakeExtType.KMRSP]);

const REFUSED_PASSPHRASE = 'the ingest refused the passphrase';
const REFUSED_UNSECURE = 'the ingest does not use a passphrase for this stream (or does not accept encryption)';

function refusalForKmState(state: number): string {
  if (state === KmState.BADSECRET) return REFUSED_PASSPHRASE;
  if (state === KmState.NOSECRET || state === KmState.UNSECURED) return REFUSED_UNSECURE;
  return `the ingest reported encryption state ${state} instead of accepting the key`;
}

/**
 * Creates the encryption state of one tap. Every new caller socket (a new ffmpeg connection attempt) gets a fresh random
 * salt and key at its first CONCLUSION; repeated CONCLUSIONs carry the same key material.
 */
export function createTapEncryption(options: TapEncryptionOptions): TapEncryption {
  const random = options.randomBytes ?? cryptoRandomBytes;
  let keys: SessionKeys | null = null;
  let callerSocketId: number | null = null;
  let advertisedKeyLength: SrtKeyLengthBytes | null = null;
  let status: TapEncryptionStatus = 'pending';
  const counts: TapEncryptionCounters = { encryptedDataPackets: 0, decryptedDataPackets: 0, droppedDatagrams: 0 };

  function drop(): null {
    counts.droppedDatagrams++;
    return null;
  }

  function refuse(reason: string): void {
    if (status === 'pending') status = { refused: reason };
  }

  function startSession(socketId: number): void {
    callerSocketId = socketId;
    keys = null;
    status = 'pending';
  }

  function newKeys(socketId: number): SessionKeys {
    const keyLengthBytes = options.keyLengthBytes ?? advertisedKeyLength ?? 16;
    const salt = random(SRT_SALT_BYTES);
    const sek = random(keyLengthBytes);
    const wrappedKeys = wrapKeys(deriveKek(options.passphrase, salt, keyLengthBytes), sek);
    const kmMessage = encodeKmMessage({
      keyFlags: 1, keki: 0, cipher: KM_CIPHER_AES_CTR, auth: 0, se: KM_SE_SRT, salt, keyLengthBytes, wrappedKeys,
    });
    return { callerSocketId: socketId, keyLengthBytes, kmMessage, cipher: new SrtPayloadCipher(sek, salt) };
  }

  function callerHandshake(datagram: Buffer, hs: HandshakePacket): Buffer | null {
    if (hs.typeName === 'induction') {
      if (hs.socketId !== callerSocketId) startSession(hs.socketId);
      return datagram;
    }
    if (hs.typeName !== 'conclusion') return datagram;
    if (hs.socketId !== callerSocketId) startSession(hs.socketId);
    if (hs.version < 5) {
      refuse('the sender spoke the old HSv4 handshake, which the tap cannot add encryption to');
      return drop();
    }
    if (hs.hasKmreq) {
      refuse('the sender was given a passphrase itself; with tap encryption it must connect without one');
      return drop();
    }
    const blocks = readHandshakeBlocks(datagram);
    if (!blocks.ok) return datagram; // malformed: forwarded untouched, the ingest rejects it
    keys ??= newKeys(hs.socketId);
    // libsrt appends the KMREQ after HSREQ, SID, CONGESTION, FILTER and GROUP, and advertises the key length too.
    return writeHandshake(datagram, {
      encryption: encryptionFieldOf(keys.keyLengthBytes),
      extensionField: hs.extensionField | HandshakeExtFlag.KMREQ,
      blocks: [...blocks.value, { type: HandshakeExtType.KMREQ, contents: keys.kmMessage }],
    });
  }

  function ingestConclusion(datagram: Buffer, hs: HandshakePacket, current: SessionKeys): Buffer {
    const blocks = readHandshakeBlocks(datagram);
    const kmrsp = blocks.ok ? blocks.value.find((b) => b.type === HandshakeExtType.KMRSP) : undefined;
    let refusal: { reason: string; code: number } | null = null;
    if (hs.version < 5 || !blocks.ok) {
      refusal = { reason: 'the ingest answered with a handshake the tap cannot check for encryption', code: REJECT_UNSECURE };
    } else if (kmrsp === undefined) {
      refusal = { reason: REFUSED_UNSECURE, code: REJECT_UNSECURE };
    } else if (kmrsp.contents.length === 4) {
      const state = new DataView(kmrsp.contents.buffer, kmrsp.contents.byteOffset, 4).getUint32(0);
      refusal = { reason: refusalForKmState(state), code: state === KmState.BADSECRET ? REJECT_BADSECRET : REJECT_UNSECURE };
    } else if (!Buffer.from(kmrsp.contents).equals(current.kmMessage)) {
      refusal = { reason: 'the ingest answered with key material that does not match the key sent', code: REJECT_BADSECRET };
    }
    if (refusal !== null) {
      // A libsrt caller with a passphrase rejects such an answer itself (enforced encryption); the unencrypted sender
      // cannot know, so it receives the rejection that caller would have produced.
      refuse(refusal.reason);
      return writeHandshake(datagram, { handshakeType: refusal.code, encryption: 0, extensionField: 0, blocks: [] });
    }
    if (status === 'pending') status = 'ok';
    const kept: HandshakeBlock[] = blocks.ok ? blocks.value.filter((b) => b.type !== HandshakeExtType.KMRSP) : [];
    return writeHandshake(datagram, { encryption: 0, extensionField: hs.extensionField & ~HandshakeExtFlag.KMREQ, blocks: kept });
  }

  function ingestHandshake(datagram: Buffer, hs: HandshakePacket): Buffer | null {
    if (hs.typeName === 'induction') {
      // The caller would adopt an advertised key length; it has no passphrase, so it only needs to see none.
      advertisedKeyLength = keyLengthOfEncryptionField(hs.encryption);
      return hs.encryption === 0 ? datagram : writeHandshake(datagram, { encryption: 0 });
    }
    const forCurrentCaller = callerSocketId !== null && hs.destSocketId === callerSocketId;
    if (hs.typeName === 'rejection') {
      if (forCurrentCaller && hs.rejectionCode === REJECT_BADSECRET) refuse(REFUSED_PASSPHRASE);
      if (forCurrentCaller && hs.rejectionCode === REJECT_UNSECURE) refuse(REFUSED_UNSECURE);
      return datagram;
    }
    if (hs.typeName !== 'conclusion') return datagram;
    if (!forCurrentCaller || keys === null) return drop(); // an answer to an earlier sender, or to nothing we sent
    return ingestConclusion(datagram, hs, keys);
  }

  function cryptData(datagram: Buffer, current: SessionKeys, setKeyFlags: number): Buffer {
    const out = Buffer.allocUnsafe(datagram.length);
    datagram.copy(out, 0, 0, SRT_HEADER_BYTES);
    out.writeUInt32BE(((out.readUInt32BE(4) & ~KK_MASK) | setKeyFlags) >>> 0, 4);
    const seq = out.readUInt32BE(0) & 0x7fffffff;
    current.cipher.cryptInto(seq, datagram.subarray(SRT_HEADER_BYTES), out, SRT_HEADER_BYTES);
    return out;
  }

  return {
    fromCaller(datagram) {
      const header = decodeSrtHeader(datagram);
      if (!header.ok) return datagram;
      if (header.value.kind === 'data') {
        // Never let a clear payload through: no key yet, a refusal, or a sender that encrypts with its own key.
        if (keys === null || typeof status === 'object' || (header.value.word1 & KK_MASK) !== 0) return drop();
        counts.encryptedDataPackets++;
        return cryptData(datagram, keys, KK_EVEN);
      }
      if (header.value.controlType !== ControlType.HANDSHAKE) return datagram;
      const hs = decodeHandshakePacket(datagram);
      return hs.ok ? callerHandshake(datagram, hs.value) : datagram;
    },

    fromIngest(datagram) {
      const header = decodeSrtHeader(datagram);
      if (!header.ok) return datagram;
      const h = header.value;
      if (h.kind === 'data') {
        if (keys === null || (h.word1 & KK_MASK) !== KK_EVEN) return datagram;
        counts.decryptedDataPackets++;
        return cryptData(datagram, keys, 0);
      }
      // A key refresh from the ingest means nothing to a caller without a passphrase (and the tap never rotates keys).
      if (h.controlType === ControlType.USER_DEFINED && KM_CONTROL_SUBTYPES.has(h.subtype)) return drop();
      if (h.controlType !== ControlType.HANDSHAKE) return datagram;
      const hs = decodeHandshakePacket(datagram);
      return hs.ok ? ingestHandshake(datagram, hs.value) : datagram;
    },

    status: () => status,
    counters: () => ({ ...counts }),
  };
}
