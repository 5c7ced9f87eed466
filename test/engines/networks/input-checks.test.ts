import { of } from 'rxjs';
import { RandomSource, VirtualScheduler, chemotaxisKernel, constant, fixedWeight, hebbian, readResistorSpec, resistorAgents, solveKirchhoff, temporalContrastive } from '../../../src';
import { createRbm, rbmNetwork } from '../../../src/experiments/rbm';
import { resistorEvent } from '../../../src/engines/networks/resistor-event';
import { resistorLockstep } from '../../../src/engines/networks/resistor-lockstep';
import { ResistorAgentsOptions } from '../../../src/engines/networks/resistor-agents';
import { fourNodeNetwork } from '../../support/four-node-network';

// One input and one output: every count below is off by one.
const net = readResistorSpec(fourNodeNetwork);
const engines = { reactive: resistorAgents, event: resistorEvent, lockstep: resistorLockstep };
const base = () => ({ scheduler: new VirtualScheduler(), random: new RandomSource(1) });
const expectError = (f: () => unknown, message: string) => expect(f).toThrow(new Error(message));

describe.each(Object.entries(engines))('the %s resistor engine refuses, before the run', (_, build) => {
  const start = <P>(opts: Partial<ResistorAgentsOptions<P>>) => () => build(net, { ...base(), ...opts }).stop();

  it('a wrong number of source or target drives, naming the count expected', () => {
    expectError(start({ sourceDrives: [of(1), of(2)] }), 'sourceDrives: expected one entry per input (voltage source) of the network: 1, got 2');
    expectError(start({ targetDrives: [] }), 'targetDrives: expected one entry per output of the network: 1, got 0');
  });

  it('warm-start inputs of the wrong count, or warm start with initial states', () => {
    expectError(start({ warmStart: [1, 2] }), 'warmStart: expected one entry per input (voltage source) of the network: 1, got 2');
    expectError(start({ warmStart: true, initial: new Float64Array(4) }), 'initial: expected no initial states with warmStart (it computes them)');
  });

  it('a rule parameter left out (it used to surface as a NaN weight, or a threshold that never fires)', () => {
    expectError(start({ rule: hebbian, ruleParams: { lr: 0.1, wMin: 0 } as never }), 'ruleParams.wMax: expected a number (rule hebbian reads it)');
    const tcl = temporalContrastive(chemotaxisKernel());
    const noTheta = { lr: 0.1, wMin: 0, wMax: 10, linear: false };
    expectError(start({ rule: tcl, ruleParamsOf: () => noTheta as never }), 'ruleParamsOf(0).theta: expected a number (rule tcl-chemotaxis reads it)');
    expectError(start({ rule: tcl, ruleParams: { ...noTheta, theta: 1, linear: 'no' } as never }), 'ruleParams.linear: expected true or false (rule tcl-chemotaxis reads it), got "no"');
  });
});

it('solveKirchhoff refuses source voltages or targets of the wrong count', () => {
  expectError(() => solveKirchhoff(net, { sourceV: new Float64Array(2) }), 'sourceV: expected one entry per input (voltage source) of the network: 1, got 2');
  expectError(() => solveKirchhoff(net, { targets: new Float64Array(0) }), 'targets: expected one entry per output of the network: 1, got 0');
});

it('an RBM refuses a datum whose length is not its number of visible units', () => {
  const rbm = createRbm(3, 2, new RandomSource(1).stream('rbm'));
  const data = [Uint8Array.of(1, 0, 1), Uint8Array.of(1, 0)];
  const run = () => rbmNetwork(rbm, { ...base(), protocol: constant({ beta: 1 }), data, rule: fixedWeight, params: {}, learnBias: false }).stop();
  expectError(run, 'data[1]: expected one value per visible unit: 3, got 2');
});
