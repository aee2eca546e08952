export * from './events';
export * from './filters';
export * from './ledger';
export * from './parse';
export * from './registration';
export * from './signature';
