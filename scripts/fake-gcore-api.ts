// Runs the fake Gcore API on 127.0.0.1 with two demo streams, for trying the CLI and the app without a Gcore account.
// Usage: npx tsx scripts/fake-gcore-api.ts [--port 8787] [--srt-primary-port 5001] [--srt-backup-port 5002] [--page-size 3]

import { parseArgs } from 'node:util';
import { FakeGcoreApi } from '../test/support/fakeGcoreApi';

/** A fixed, obviously fake token so the printed commands can be copied between runs. */
const DEMO_TOKEN = 'demo_fake-gcore-token';

function portOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--${name} must be a port number 0–65535, got "${value}".`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'srt-primary-port': { type: 'string' },
      'srt-backup-port': { type: 'string' },
      'page-size': { type: 'string' },
      token: { type: 'string' },
      quiet: { type: 'boolean' },
    },
    strict: true,
  });
  const api = await FakeGcoreApi.start({
    port: portOption('port', values.port, 8787),
    srtPrimaryPort: portOption('srt-primary-port', values['srt-primary-port'], 5001),
    srtBackupPort: portOption('srt-backup-port', values['srt-backup-port'], 5002),
    pageSize: values['page-size'] ? Math.max(1, Number(values['page-size']) || 3) : 3,
    token: values.token ?? DEMO_TOKEN,
    // One line per request on stderr, so stdout stays the copyable instructions.
    onRequest: values.quiet ? undefined : (r) => console.error(`${new Date().toISOString()} ${r.method} ${r.path} → ${r.status}`),
  });
  const push = api.addStream({ name: 'Demo push stream', active: true });
  const pull = api.addStream({ name: 'Demo pull stream', active: true, pull: true, uri: 'srt://pull-source.example.com:9000?streamid=demo' });

  const env = `GCORE_API_URL=${api.baseUrl}`;
  const lines = [
    `Fake Gcore API listening on ${api.baseUrl}`,
    `Demo API token: ${api.token}`,
    `Streams: ${push.id} "${push.name}" (SRT push to 127.0.0.1:${api.srtPrimaryPort} / backup :${api.srtBackupPort}), ${pull.id} "${pull.name}"`,
    '',
    'Use it from another terminal:',
    `  export ${env}`,
    `  printf '%s' '${api.token}' | srt-companion token set`,
    '  srt-companion streams list',
    `  srt-companion streams show ${push.id} --reveal`,
    `Or one-off: ${env} srt-companion streams list`,
    `Raw: curl -H 'Authorization: APIKey ${api.token}' '${api.baseUrl}/streaming/streams?page=1'`,
    '',
    'Press Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  console.error(code === 'EADDRINUSE' ? 'That port is in use; pick another with --port.' : `Fake Gcore API failed to start: ${String(err)}`);
  process.exit(1);
});
