export * from './teacher-task';
export * from './task-spec';
export type { DataTaskSpec, ExampleSpec } from './task-file';
export { DEFAULT_TEST_FRACTION, MAX_TASK_FILE_BYTES, SPLIT_COLUMN, inColumn, isDataTask, outColumn, readDataTaskSpec, taskCsv } from './task-file';
export type { CsvTable } from './csv';
export { CSV_LIMITS, csvNumber, parseCsv } from './csv';
