export { eventCore, eventEngine, synchronous } from './event-engine';
