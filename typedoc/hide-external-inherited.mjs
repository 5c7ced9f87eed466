// @ts-check
/**
 * Leaves out the members a class inherits from a library (Cell and ContributionPort extend
 * RxJS's Observable): the reference documents phaseless, and RxJS's own comments link to RxJS
 * functions that are not part of it (typedoc would warn about every such link).
 */
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  /** @type {import('typedoc').Reflection[]} */
  const external = [];
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Method | ReflectionKind.Property | ReflectionKind.Accessor)) return;
    if (!reflection.parent?.kindOf(ReflectionKind.Class)) return;
    const declarations = context.getSymbolFromReflection(reflection)?.declarations ?? [];
    if (declarations.length > 0 && declarations.every((d) => d.getSourceFile().fileName.includes('/node_modules/'))) external.push(reflection);
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of external.splice(0)) context.project.removeReflection(reflection);
  });
}
