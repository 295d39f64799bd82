export * from './periods';
export * from './like-for-like';
