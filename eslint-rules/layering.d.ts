// Types of the local layering plugin (layering.js), for the lint test.
import type { ESLint } from 'eslint';

export const LAYERS: ReadonlyArray<readonly [string, number]>;
export const IO_MODULES: readonly string[];
declare const plugin: ESLint.Plugin;
export default plugin;
