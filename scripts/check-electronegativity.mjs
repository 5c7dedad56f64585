// Scans the Electron code with electronegativity and fails on any HIGH-severity finding (others are listed for review).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'findings.csv');
execFileSync(process.execPath, ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', 'src', '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
const findings = rows.map((row) => {
  const [check, severity, confidence, file, location] = row.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
  return { check, severity, confidence, file: file.replace(`${process.cwd()}/`, ''), location };
});
for (const f of findings) console.log(`${f.severity.padEnd(6)} ${f.confidence.padEnd(9)} ${f.check.padEnd(26)} ${f.file}:${f.location}`);
const high = findings.filter((f) => f.severity === 'HIGH');
console.log(`electronegativity: ${findings.length} findings, ${high.length} high severity`);
process.exit(high.length > 0 ? 1 : 0);
