export * from './normalize';
export * from './segment';
export * from './deadline';
export * from './targets';
export * from './owners';
export * from './category';
export * from './extract';
export * from './score';
