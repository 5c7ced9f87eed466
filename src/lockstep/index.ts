export { resistorLockstep, checkLockstepOptions } from './resistor-lockstep';
