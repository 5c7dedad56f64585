// Local ESLint plugin for the folder layering of design.md: a folder never imports from a folder above it in the
// pipeline, and the pure folders import no I/O module. The layer table below is the one place the order is written.

import { dirname, relative, resolve } from 'node:path';

/**
 * Layers of src/, lowest first. A module may import only from a lower layer (or from its own unit). Units are
 * matched by the longest prefix, so `src/main/ffmpeg/args/` is its own unit below `src/main/ffmpeg/`.
 */
export const LAYERS = [
  ['src/shared/', 0],
  ['src/main/appError.ts', 0],
  ['src/main/redact.ts', 0],
  ['src/main/externalLinks.ts', 0],
  ['src/main/privateFiles.ts', 0],
  ['src/main/srt/packets/', 1],
  ['src/main/mpegts/', 1],
  ['src/main/failover/', 1],
  ['src/main/ingestModel/', 1],
  ['src/main/process/', 1],
  ['src/main/settings/', 1],
  ['src/main/secrets/', 1],
  ['src/main/srt/', 2],
  ['src/main/gcore/', 2],
  ['src/main/ffmpeg/args/', 3],
  ['src/main/ffmpeg/', 4],
  ['src/main/capture/', 5],
  ['src/main/rehearsal/', 5],
  ['src/main/broadcast/', 6],
  ['src/main/services.ts', 7],
  ['src/main/broadcastDeps.ts', 8],
  ['src/main/diagnostics/', 8],
  ['src/main/cli/', 9],
  ['src/main/app/', 9],
  ['src/main/electron/', 10],
  ['src/main/index.ts', 11],
];

/** Modules that touch the OS: never imported by a pure folder. */
export const IO_MODULES = ['dgram', 'child_process', 'fs', 'fs/promises', 'net', 'electron'];

function unitOf(repoPath) {
  let best = null;
  for (const [prefix, rank] of LAYERS) {
    const hit = prefix.endsWith('/') ? repoPath.startsWith(prefix) : repoPath === prefix;
    if (hit && (!best || prefix.length > best.prefix.length)) best = { prefix, rank };
  }
  return best;
}

/** Repo-relative path of an import, with the extension the resolver would pick (a folder's index included). */
function importedPath(fromFile, spec, cwd) {
  const abs = resolve(dirname(fromFile), spec);
  const rel = relative(cwd, abs).split('\\').join('/');
  return /\.[cm]?[jt]sx?$/.test(rel) ? rel : `${rel}.ts`;
}

function eachImport(context, check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node.source, node.source.value);
  };
  return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit, ImportExpression: visit };
}

const noUpwardImport = {
  meta: {
    type: 'problem',
    docs: { description: 'A folder may import only from folders below it in the pipeline (design.md layering).' },
    schema: [],
    messages: {
      upward: '{{from}} (layer {{fromRank}}) may not import {{to}} (layer {{toRank}}): a folder imports only from lower layers (eslint-rules/layering.js).',
    },
  },
  create(context) {
    const cwd = context.cwd;
    const file = relative(cwd, context.filename).split('\\').join('/');
    const from = unitOf(file);
    if (!from) return {};
    return eachImport(context, (node, spec) => {
      if (!spec.startsWith('.')) return;
      const to = unitOf(importedPath(context.filename, spec, cwd));
      if (!to || to.prefix === from.prefix || to.rank < from.rank) return;
      context.report({ node, messageId: 'upward', data: { from: from.prefix, fromRank: from.rank, to: to.prefix, toRank: to.rank } });
    });
  },
};

const pureNoIo = {
  meta: {
    type: 'problem',
    docs: { description: 'Pure folders (parsers, argument builders, the failover policy, shared types) do no I/O.' },
    schema: [],
    messages: { io: 'This folder is pure: it may not import "{{name}}" (sockets, processes, files and electron belong in I/O adapters).' },
  },
  create(context) {
    return eachImport(context, (node, spec) => {
      const name = spec.replace(/^node:/, '');
      if (IO_MODULES.includes(name)) context.report({ node, messageId: 'io', data: { name: spec } });
    });
  },
};

export default { rules: { 'no-upward-import': noUpwardImport, 'pure-no-io': pureNoIo } };
