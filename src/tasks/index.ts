export * from './teacher-task';
