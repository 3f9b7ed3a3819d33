import type { HttpAdapterHost } from '@nestjs/core';
import { ConfigError, loadConfig } from '@vv/platform';
import { gatewayConfigSchema, type GatewayConfig } from '../config';
import { PublicBaseUrl } from './public-base-url';

const config = (env: Record<string, string>): GatewayConfig => loadConfig(gatewayConfigSchema, env);

const listeningOn = (port: number): HttpAdapterHost =>
  ({ httpAdapter: { getHttpServer: () => ({ address: () => ({ port }) }) } }) as unknown as HttpAdapterHost;

describe('PUBLIC_BASE_URL', () => {
  it('is an http(s) origin, a path prefix allowed, without trailing slash', () => {
    expect(config({ PUBLIC_BASE_URL: 'https://api.example.org/' }).PUBLIC_BASE_URL).toBe(
      'https://api.example.org',
    );
    expect(config({ PUBLIC_BASE_URL: 'https://example.org/api' }).PUBLIC_BASE_URL).toBe(
      'https://example.org/api',
    );
  });

  it.each(['api.example.org', 'ftp://example.org', 'https://example.org/?a=1', 'https://u:p@example.org'])(
    'refuses to start with %s',
    (value) => {
      expect(() => config({ PUBLIC_BASE_URL: value })).toThrow(ConfigError);
    },
  );

  it('names the configured origin, else localhost at the port the gateway listens on', () => {
    expect(new PublicBaseUrl(config({ PUBLIC_BASE_URL: 'https://a.example' }), listeningOn(4000)).get()).toBe(
      'https://a.example',
    );
    expect(new PublicBaseUrl(config({ PORT: '0' }), listeningOn(41234)).get()).toBe('http://localhost:41234');
  });
});
