export * from './hours';
export * from './text';
export * from './replies';
export * from './quickReplies';
export * from './consent';
export * from './decide';
export * from './facts';
