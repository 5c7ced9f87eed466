export { BuildableKind, KindEntry, Registry } from './registry';
export { expecting, readParams } from './read-params';
export { kindField } from './kind-field';
export { readKind } from './read-kind';
export { loadPlugins } from './plugins';
export { kindsSchema } from './json-schema';
