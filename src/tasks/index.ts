export * from './teacher-task';
export * from './task-spec';
export * from './task-file';
export * from './csv';
