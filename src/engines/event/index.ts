export { eventEngine } from './event-engine';
