export * from './model';
export * from './events';
export * from './fold';
export * from './store';
export * from './book';
export { MemoryContactStore } from './memoryStore';
