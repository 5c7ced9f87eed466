export { FieldMove } from './field-moves';
export { SpecForm } from './spec-form';
export { ReadSpec, formOfLegacy, formOfOne, isOneSpec, specForms, specLayout, toOneSpec } from './one-spec';
export { oneSpecSchema } from './one-spec-schema';
export { specJson } from './spec-json';
export { resistorForm } from './resistor-form';
export { hopfieldForm } from './hopfield-form';
export { rbmForm } from './rbm-form';
export { ffForm } from './ff-form';
