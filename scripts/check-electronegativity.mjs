// Scans the Electron code with electronegativity and fails on any HIGH-severity finding (others are listed for review).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'findings.csv');
execFileSync(process.execPath, ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', 'src', '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and newlines (a CSP sample spans lines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      cell += c;
    } else if (c === ',') {
      endCell();
    } else if (c === '\n') {
      endCell();
      rows.push(row);
      row = [];
    }
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}
const rows = parseCsv(readFileSync(out, 'utf8').trim()).slice(1);
const findings = rows.map(([check = '', severity = '', confidence = '', file = '', location = '']) =>
  ({ check: check.trim(), severity: severity.trim(), confidence: confidence.trim(), file: file.trim().replace(`${process.cwd()}/`, ''), location: location.trim() }));
for (const f of findings) console.log(`${f.severity.padEnd(6)} ${f.confidence.padEnd(9)} ${f.check.padEnd(26)} ${f.file}:${f.location}`);
const high = findings.filter((f) => f.severity === 'HIGH');
console.log(`electronegativity: ${findings.length} findings, ${high.length} high severity`);
process.exit(high.length > 0 ? 1 : 0);
