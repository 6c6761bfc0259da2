export * from './defaults';
export * from './gpu';
export * from './job-options';
export * from './training-job';
