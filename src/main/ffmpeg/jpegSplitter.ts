// Pure splitter of a concatenated JPEG stream (ffmpeg image2pipe + mjpeg) into whole images, bounded in memory.

const SOI = 0xd8;
const EOI = 0xd9;

/**
 * Feed it stdout chunks in any sizes; it returns each complete image (SOI … EOI) once. In entropy-coded data a 0xFF
 * byte is always followed by 0x00 or a restart marker, so 0xFF 0xD9 only ends an image (ffmpeg's mjpeg writes no
 * embedded thumbnails). A partial image larger than maxImageBytes is discarded (and counted) rather than kept growing.
 */
export class JpegSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes thrown away: garbage before an SOI, or an image over the bound. */
  discardedBytes = 0;

  constructor(private readonly maxImageBytes = 2 * 1024 * 1024) {}

  push(chunk: Buffer): Buffer[] {
    const images: Buffer[] = [];
    let data = this.pendingBytes > 0 ? Buffer.concat([...this.pending, chunk]) : chunk;
    this.pending = [];
    this.pendingBytes = 0;
    for (;;) {
      const start = findMarker(data, SOI, 0);
      if (start < 0) {
        // Keep a trailing 0xFF: it may be the first half of the next SOI.
        const keep = data.length > 0 && data[data.length - 1] === 0xff ? 1 : 0;
        this.discardedBytes += data.length - keep;
        data = data.subarray(data.length - keep);
        break;
      }
      this.discardedBytes += start;
      const end = findMarker(data, EOI, start + 2);
      if (end < 0) {
        data = data.subarray(start);
        break;
      }
      images.push(Buffer.from(data.subarray(start, end + 2)));
      data = data.subarray(end + 2);
    }
    if (data.length > this.maxImageBytes) {
      this.discardedBytes += data.length;
      return images;
    }
    if (data.length > 0) {
      this.pending = [data];
      this.pendingBytes = data.length;
    }
    return images;
  }
}

function findMarker(data: Buffer, marker: number, from: number): number {
  let i = data.indexOf(0xff, from);
  while (i >= 0 && i + 1 < data.length) {
    if (data[i + 1] === marker) return i;
    i = data.indexOf(0xff, i + 1);
  }
  return -1;
}
