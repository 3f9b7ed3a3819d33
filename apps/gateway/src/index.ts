export { createGatewayApp } from './app';
export { gatewayConfigSchema } from './config';
export type { GatewayConfig } from './config';
