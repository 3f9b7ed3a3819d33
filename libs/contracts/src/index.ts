export * from './errors/error-codes';
export * from './common/define';
export * from './common/schemas';
export * from './common/service-names';
export * from './common/permissions';
export * from './platform/health-check';
export * from './identity';
export * from './catalogue';
