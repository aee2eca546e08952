export * from './model';
export * from './fold';
export * from './store';
export * from './desk';
export { MemoryConversationStore } from './memoryStore';
