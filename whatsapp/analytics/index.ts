/**
 * Messaging analytics: Meta's analytics endpoints (metaQuery.ts) and the package's own message and
 * conversation log (log → fold → report → chart/html).
 */
export * from './metaQuery';
export * from './log';
export * from './fold';
export * from './stats';
export * from './time';
export * from './cost';
export * from './report';
export * from './compare';
export * from './chart';
export * from './html';
