export * from './model';
export * from './conflicts';
export * from './templates';
export * from './venues';
