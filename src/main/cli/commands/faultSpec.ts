// Parses `push --local --fault SPEC`: a rehearsal fault and when to inject it (pure).

import { AppError } from '../../appError';
import { faultProblem, REHEARSAL_FAULT_KINDS, type FaultTarget, type RehearsalFault, type RehearsalFaultKind } from '../../../shared/rehearsalTypes';

/** A fault scheduled `atS` seconds after the rehearsal went live. */
export interface ScheduledFault {
  fault: RehearsalFault;
  atS: number;
}

export const FAULT_SPEC_HELP = `[primary/|backup/|both/]KIND[:ARGS]@SECONDS, KIND one of
                           glitch[:SECONDS]         the path drops every packet (default 1.5 s, primary)
                           outage[:SECONDS]         the ingest goes down, its connection lost (default 20 s, primary)
                           loss[:PERCENT[:SECONDS]] lose a share of the packets (default 15 % for 20 s, primary)
                           refuse-key[:SECONDS]     the ingest ends the connection and refuses the key (default: both, for good)`;

const TARGETS: readonly FaultTarget[] = ['primary', 'backup', 'both'];

function bad(raw: string, why: string): AppError {
  return new AppError('input', 'bad_fault', `--fault "${raw}": ${why}; e.g. outage:20@10 or backup/glitch:1.5@30.`);
}

function positive(raw: string, value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value.replace(/s$|%$/, ''));
  if (!Number.isFinite(n) || n <= 0) throw bad(raw, `${what} must be a positive number, not "${value}"`);
  return n;
}

export function parseFaultSpec(raw: string): ScheduledFault {
  const at = raw.lastIndexOf('@');
  if (at < 0) throw bad(raw, 'say when with @SECONDS after going live');
  const atS = Number(raw.slice(at + 1).replace(/s$/, ''));
  if (raw.slice(at + 1).trim() === '' || !Number.isFinite(atS) || atS < 0) throw bad(raw, `"${raw.slice(at + 1)}" is not a number of seconds`);
  let what = raw.slice(0, at);
  let target: FaultTarget | undefined;
  const slash = what.indexOf('/');
  if (slash >= 0) {
    const named = what.slice(0, slash);
    if (!TARGETS.includes(named as FaultTarget)) throw bad(raw, `"${named}" is not primary, backup or both`);
    target = named as FaultTarget;
    what = what.slice(slash + 1);
  }
  const [kindRaw = '', first, second, ...rest] = what.split(':');
  if (!REHEARSAL_FAULT_KINDS.includes(kindRaw as RehearsalFaultKind)) throw bad(raw, `"${kindRaw}" is not ${REHEARSAL_FAULT_KINDS.join(', ')}`);
  const kind = kindRaw as RehearsalFaultKind;
  if (rest.length > 0 || (kind !== 'loss' && second !== undefined)) throw bad(raw, 'too many values');
  const lossPct = kind === 'loss' ? positive(raw, first, 'the loss share') : undefined;
  const seconds = positive(raw, kind === 'loss' ? second : first, 'the duration');
  const fault: RehearsalFault = {
    kind,
    target: target ?? (kind === 'refuse-key' ? 'both' : 'primary'),
    ...(seconds !== undefined ? { durationMs: Math.round(seconds * 1000) } : {}),
    ...(lossPct !== undefined ? { lossPct } : {}),
  };
  const problem = faultProblem(fault);
  if (problem) throw bad(raw, problem);
  return { fault, atS };
}
