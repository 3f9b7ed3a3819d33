import { Metrics } from '@vv/platform';
import { ADAPTIVE_LIMIT_DEFAULTS, AdaptiveLimit } from './adaptive-limit';
import { InFlightLimit } from './in-flight-limit';

describe('InFlightLimit', () => {
  it('refuses with unavailable and Retry-After when full, at arrival or admission, and shows it in /metrics', async () => {
    const metrics = new Metrics('gateway');
    const limit = new InFlightLimit(
      new AdaptiveLimit({ ...ADAPTIVE_LIMIT_DEFAULTS, min: 1, max: 2 }, () => 0),
      metrics,
    );
    const first = limit.enter();
    expect(() => limit.assertRoom()).not.toThrow();
    limit.enter();
    const refusal = expect.objectContaining({ code: 'unavailable', details: { retryAfterSeconds: 1 } });
    expect(() => limit.assertRoom()).toThrow(refusal);
    expect(() => limit.enter()).toThrow(refusal);

    const text = await metrics.text();
    expect(text).toMatch(/^vv_http_concurrency_limit\{service="gateway"\} 2$/m);
    expect(text).toMatch(/^vv_http_requests_in_flight\{service="gateway"\} 2$/m);
    expect(text).toMatch(/^vv_http_requests_shed_total\{stage="arrival",service="gateway"\} 1$/m);
    expect(text).toMatch(/^vv_http_requests_shed_total\{stage="admission",service="gateway"\} 1$/m);

    first();
    expect(() => limit.enter()).not.toThrow();
  });
});
