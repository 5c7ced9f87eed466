export { PoolJob, PoolError, runPool } from './worker-pool';
