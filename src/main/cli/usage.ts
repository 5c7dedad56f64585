// Help text and usage errors of the srt-companion CLI.

import { AppError } from '../appError';

export const HELP = `srt-companion — push H.265 over SRT to Gcore Video Streaming, with backup-ingest failover

Usage:
  srt-companion token set [--from-file FILE] [--no-verify]
                                               read the Gcore API token at a hidden prompt, from stdin or from FILE,
                                               verify it, store it in the OS keychain
  srt-companion token status [--json]          is a token stored?
  srt-companion token clear                    remove the token from the OS keychain
  srt-companion streams list [--json]          all live streams of the account
  srt-companion streams show ID [--json] [--reveal]
                                               one stream; SRT push URLs masked unless --reveal
  srt-companion streams create --name NAME [--json]
  srt-companion streams enable ID [--json]     switch the stream on: its ingest accepts pushes (pull resumes)
  srt-companion streams disable ID [--json]    switch it off: pushes are rejected, pulling stops, a live ingest drops
  srt-companion streams reset-key ID [--json] [--reveal]
                                               new push key (the old one dies at once); new URLs masked unless --reveal
  srt-companion streams passphrase ID [--clear] [--json]
                                               set the SRT passphrase, read from a hidden prompt or stdin (10–79
                                               printable characters, no spaces), or remove it with --clear
  srt-companion streams delete ID [--yes] [--json]
                                               delete for good after the stream's name is typed back (or --yes)
  srt-companion pull set ID URL...             make stream ID pull from public source URL(s), tried round-robin
  srt-companion pull off ID                    stop pulling; the stream takes pushes again
  srt-companion doctor [--json]                check ffmpeg (SRT, HEVC encoders, capture), devices, keychain and API
  srt-companion devices [--json]               cameras, screens and audio inputs this machine can capture, with the
                                               --input/--audio value for each, and what does not work here
  srt-companion push (--stream ID [--enable] | --primary-file FILE [--backup-file FILE] | --urls-from-stdin
                      | --primary SRT_URL [--backup SRT_URL] | --local) [options]
                                               go live (--enable first switches an inactive stream on); URLs from a
                                               file or stdin keep the stream key out of the process list;
                                               --input file:PATH [--loop | --once] plays a video file (HEVC + AAC
                                               sent as it is); see \`srt-companion push --help\`

Environment:
  GCORE_API_URL   API base URL (default https://api.gcore.com; http only on loopback, e.g. the fake API)
  FFMPEG_PATH     ffmpeg binary to use (else the bundled ffmpeg-static, else ffmpeg on PATH)
  SRT_COMPANION_X265_PRESET
                  libx265 speed preset for push (default veryfast; ultrafast for a weak CPU)
  SRT_COMPANION_CONFIG_DIR
                  where settings.json and recordings live (default: the per-OS config directory)

Exit codes: 0 ok, 2 usage, 3 bad input or configuration, 4 ffmpeg missing or incapable, 5 API error,
            6 every ingest unreachable for the whole retry budget, 7 every ingest refused the stream (key or passphrase).`;

export function usageError(message: string): AppError {
  return new AppError('usage', 'usage', `${message} Run \`srt-companion --help\` for usage.`);
}
