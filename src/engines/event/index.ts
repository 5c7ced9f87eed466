export { eventCore, eventEngine, isSynchronousTiming } from './event-engine';
