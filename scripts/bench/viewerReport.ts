// Pure assembly of the viewer-impact and false-suspicion sections: the table per fault and strategy, and the issue's
// targets checked against it.

import { GCORE_INGEST_RULES } from '../../src/main/ingestModel/gcoreIngestRules';
import type { SoakResult } from './suspicionSoak';
import { SOAK_IMPAIRMENT } from './suspicionSoak';
import { STRATEGIES, VIEWER_LATENCY_MS, type Scenario, type StrategyName, type ViewerCell } from './viewerImpact';

type Figures = Omit<ViewerCell, 'scenario' | 'strategy'>;

const cellOf = (cells: readonly ViewerCell[], scenario: string, strategy: StrategyName): ViewerCell | undefined =>
  cells.find((c) => c.scenario === scenario && c.strategy === strategy);

/** One target: what it asks, whether the run met it, and the figures it was judged on. */
interface TargetCheck {
  target: string;
  met: boolean | null;
  measured: string;
}

function checkTargets(cells: readonly ViewerCell[]): TargetCheck[] {
  const engines: StrategyName[] = ['failover', 'redundant'];
  const checks: TargetCheck[] = [];
  const of = (scenario: string, strategy: StrategyName): ViewerCell | undefined => cellOf(cells, scenario, strategy);
  const present = (list: Array<ViewerCell | undefined>): ViewerCell[] => list.filter((c): c is ViewerCell => c !== undefined);
  for (const g of ['glitch-0.5s', 'glitch-1.5s']) {
    const mine = present(engines.map((e) => of(g, e)));
    if (mine.length === 0) continue;
    checks.push({
      target: `${g}: 0 s without picture, 0 platform switches, one primary SRT session`,
      met: mine.every((c) => c.noPictureS === 0 && c.switches === 0 && c.primarySessions === 1),
      measured: mine.map((c) => `${c.strategy}: ${c.noPictureS} s, ${c.switches} switches, ${c.primarySessions} session(s)`).join('; '),
    });
  }
  const plain25 = of('glitch-2.5s', 'plain');
  const mine25 = present(engines.map((e) => of('glitch-2.5s', e)));
  if (plain25 && mine25.length > 0) {
    checks.push({
      target: 'glitch-2.5s: no more picture lost than plain SRT on the same path, 0 switches, one primary SRT session',
      met: mine25.every((c) => c.noPictureS <= plain25.noPictureS + 0.1 && c.switches === 0 && c.primarySessions === 1),
      measured: [plain25, ...mine25].map((c) => `${c.strategy}: ${c.noPictureS} s, ${c.switches} switches, ${c.primarySessions} session(s)`).join('; '),
    });
  }
  const dead = of('primary-dead-90s', 'failover');
  if (dead) {
    checks.push({
      target: 'primary dead: decodable keyframe at the backup ≤ 0.6 s after the blackhole (failover mode)',
      met: dead.keyframeAtBackupS !== null && dead.keyframeAtBackupS <= 0.6 && dead.backupStartsOnKeyframe === true,
      measured: `${dead.keyframeAtBackupS ?? '–'} s, first frame a keyframe: ${String(dead.backupStartsOnKeyframe)}`,
    });
  }
  const both = present(engines.map((e) => of('both-down-40s', e)));
  if (both.length > 0) {
    checks.push({
      target: 'both ingests back after an outage: an ingest live again ≤ 6 s after the network returns',
      met: both.every((c) => c.backOnAirS !== null && c.backOnAirS <= 6),
      measured: both.map((c) => `${c.strategy}: ${c.backOnAirS ?? 'never'} s`).join('; '),
    });
  }
  const refused = present(engines.map((e) => of('key-refused', e)));
  if (refused.length > 0) {
    const seconds = (c: ViewerCell): number | null => (c.ended?.reason === 'refused' ? c.ended.afterS : null);
    checks.push({
      target: 'key refused on both: not on air with the reason (push exit 7) in ≤ 15 s',
      met: refused.every((c) => (seconds(c) ?? Infinity) <= 15),
      measured: refused.map((c) => `${c.strategy}: ${c.ended ? `${c.ended.reason} after ${c.ended.afterS} s` : 'kept trying'}`).join('; '),
    });
  }
  return checks;
}

export function viewerImpactSection(cells: readonly ViewerCell[], scenarios: readonly Scenario[]) {
  return {
    method:
      `Each fault runs against the Gcore ingest model (src/main/ingestModel, fed by test/support/gcoreIngest): a primary and a backup URL, each a libsrt listener behind a UDP front that reads the SRT packets, enforces one connection per URL, the ${GCORE_INGEST_RULES.attemptMinIntervalMs / 1000} s attempt rate limit and the ${GCORE_INGEST_RULES.idleDropMs / 1000} s idle drop, and injects the fault. From what the ingests received, the model decides what viewers watch with Gcore's documented rules (switch to the backup after ${GCORE_INGEST_RULES.switchAfterMissingMs / 1000} s without the primary while the backup is online, ${GCORE_INGEST_RULES.switchGapMs / 1000} s without picture per switch, back after ${GCORE_INGEST_RULES.switchBackStableMs / 1000} s stable, ${GCORE_INGEST_RULES.startGapMs / 1000} s for a new transcode on a new connection; a data gap shorter than the SRT latency costs no picture). Three strategies at SRT latency ${VIEWER_LATENCY_MS} ms, side by side in one run, each against its own model: plain ffmpeg to the primary, started again 2 s after it exits (what OBS does); this engine in failover mode; in redundant mode. The fault comes 3 s after viewers first see a picture; the report covers the run plus 80 s in which the last state is assumed to continue (the platform's 60 s switch-back and its gap are computed, not waited out). Extra upload: SRT data bytes that reached the ingests beyond the stream's own bytes (hedge, overlap, GOP bursts, retransmissions). Keyframe at the backup: fault → the backup's first HEVC IDR complete at the ingest's front (0 when the backup was already live).`,
    latencyMs: VIEWER_LATENCY_MS,
    rules: GCORE_INGEST_RULES,
    scenarios: scenarios.map((sc) => {
      const row: Record<string, unknown> = { scenario: sc.name, label: sc.label };
      for (const strategy of STRATEGIES) {
        const cell = cellOf(cells, sc.name, strategy);
        if (!cell) continue;
        const { scenario: _s, strategy: _t, ...figures } = cell;
        row[strategy] = figures satisfies Figures;
      }
      return row;
    }),
    targets: checkTargets(cells),
  };
}

export function suspicionSoakSection(results: readonly SoakResult[]) {
  return {
    method: `The engine (failover mode, SRT latency ${VIEWER_LATENCY_MS} ms) pushes to a libsrt listener through the UDP impairment proxy with ${SOAK_IMPAIRMENT.lossRate * 100} % loss and ${SOAK_IMPAIRMENT.delayMs} ms delay in each direction, a path that never breaks, once per candidate silence threshold, all at the same time. Every suspect event is false. The threshold in effect is max(silenceMs, 2·RTT + 4·RTTVar).`,
    runs: results,
    summary: results.map((r) => `${r.silenceMs} ms: ${r.falseSuspicions} false suspicion(s) in ${r.durationS} s`).join('; '),
  };
}
