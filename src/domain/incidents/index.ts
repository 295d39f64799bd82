export * from './kinds';
export * from './scam-identifiers';
export * from './traffic-severity';
export * from './validation';
