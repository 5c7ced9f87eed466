import { z } from 'zod';
import { SpecError } from '../errors';
import { isRecord } from '../validate';

/** What every registered kind carries: its name in specs and a one-line description. */
export interface KindEntry {
  /** The name a spec uses (`kind` field). */
  readonly kind: string;
  /** One line for help texts and the JSON schema. */
  readonly doc: string;
}

/**
 * A kind that a spec builds: its parameters besides `kind` (a schema with ranges, defaults and
 * a doc line each) and how to build it from them, given the family's context.
 */
export interface BuildableKind<S extends z.ZodType, Built, Ctx> extends KindEntry {
  /** The zod schema of the kind's parameters: defaults, ranges and field-named errors. */
  readonly params: S;
  /**
   * Builds the kind from its parsed parameters; ctx is what the family passes (the spec field, the
   * rule context).
   */
  build(params: z.output<S>, ctx: Ctx): Built;
}

/**
 * Kinds of one family (rules, kernels, protocols) looked up by the `kind` field of a spec.
 * The shipped kinds are registered at load time through the same `register` a user calls, so
 * a user's kind is as good as a shipped one: in code, in JSON specs and on the command line.
 */
export class Registry<E extends KindEntry> {
  private readonly byKind = new Map<string, E>();

  /** @param family what the kinds are, for messages ("rule", "kernel", "protocol") */
  constructor(readonly family: string) {}

  /** Adds a kind. Registering a taken kind is an error unless `replace` is set. */
  register(entry: E, opts: { replace?: boolean } = {}): void {
    if (typeof entry.kind !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(entry.kind)) {
      throw new TypeError(`${this.family} kind must be a name of letters, digits, _ or -, got ${JSON.stringify(entry.kind)}`);
    }
    if (this.byKind.has(entry.kind) && !opts.replace) {
      throw new TypeError(`${this.family} kind "${entry.kind}" is already registered (pass { replace: true } to replace it)`);
    }
    this.byKind.set(entry.kind, entry);
  }

  /** Removes a kind (tests, plugins that unload). */
  unregister(kind: string): boolean {
    return this.byKind.delete(kind);
  }

  /** Whether a kind is registered. */
  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  /** The registered kinds, in registration order. */
  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  /** The registered entries, in registration order. */
  entries(): E[] {
    return [...this.byKind.values()];
  }

  /** The entry named by spec.kind; a SpecError naming `${field}.kind` if there is none. */
  of(spec: unknown, field: string): E {
    const kind = isRecord(spec) ? spec.kind : undefined;
    const entry = typeof kind === 'string' ? this.byKind.get(kind) : undefined;
    if (entry === undefined) {
      if (!isRecord(spec)) throw new SpecError(field, `an object {kind, ...} with kind one of ${this.kinds().join(', ')}`, spec);
      throw new SpecError(`${field}.kind`, `one of ${this.kinds().join(', ')}`, kind);
    }
    return entry;
  }
}

/**
 * A parameter whose value is itself a registered kind (a rule's kernel): the parent's schema
 * accepts any value there, the parent's builder reads it through `registry.of`, and the JSON
 * Schema of the parent shows the registry's kinds at that place.
 */
export const kindFields = new WeakMap<object, Registry<KindEntry & { params: unknown }>>();
