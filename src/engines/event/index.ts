export { eventCore, eventEngine } from './event-engine';
export { isSynchronousTiming } from './synchronous-timing';
