// Runs the property on 25 cases and prints the worst error (see README.md here).
import { checkRelaxation } from './relaxation';

const worst = checkRelaxation(25);
console.log(`property held on 25 cases; worst |V - V_Kirchhoff| ${worst.toExponential(2)}`);
