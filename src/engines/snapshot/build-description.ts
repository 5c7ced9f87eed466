import { Substrate } from '../../substrates/substrate';
import { EngineOptions } from '../engine';

/**
 * What an engine was built from, as far as plain data says it: substrate and topology (a hash of
 * roles and endpoints), rule and its parameters, protocol, timing, views, batch. A snapshot
 * carries it, and a restoring engine built from anything else is refused, naming the field:
 * the snapshot holds state, not the spec, and state read into another spec would run on silently.
 */
export function describeBuild<NP, P>(sub: Substrate<NP>, opts: EngineOptions<P>): Record<string, unknown> {
  return {
    substrate: sub.name,
    topology: topologyHash(sub),
    conduction: sub.conduction,
    rule: opts.rule?.name ?? 'fixed',
    ruleParams: opts.ruleParams ?? null,
    protocol: opts.protocol === undefined ? null : { kind: opts.protocol.kind, params: opts.protocol.params },
    timing: opts.timing ?? null,
    tickOffset: opts.tickOffset ?? null,
    endpointView: opts.endpointView ?? null,
    batch: opts.batch ?? 1,
  };
}

/** FNV-1a over the roles and the endpoint arrays: equal networks hash alike, others almost never. */
function topologyHash<NP>(sub: Substrate<NP>): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => {
    h ^= x;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const r of sub.roles) for (let k = 0; k < r.length; k++) mix(r.charCodeAt(k));
  for (let e = 0; e < sub.edgeA.length; e++) {
    mix(sub.edgeA[e]);
    mix(sub.edgeB[e]);
  }
  return h.toString(16);
}
