export * from './definition';
export * from './fields';
export * from './components';
export * from './create';
