import { pushEndpointProblem } from './push-endpoint';

describe('push endpoints', () => {
  it('accepts https push services', () => {
    expect(pushEndpointProblem('https://fcm.googleapis.com/fcm/send/abc', false)).toBeNull();
    expect(pushEndpointProblem('https://updates.push.services.mozilla.com/wpush/v2/x', false)).toBeNull();
    expect(pushEndpointProblem('https://8.8.8.8/push', false)).toBeNull();
  });

  it('refuses plain http, credentials, local and private addresses', () => {
    expect(pushEndpointProblem('http://push.example.com/x', false)).toMatch(/https/);
    expect(pushEndpointProblem('https://u:p@push.example.com/x', false)).toMatch(/user name/);
    expect(pushEndpointProblem('https://localhost/x', false)).toMatch(/local/);
    expect(pushEndpointProblem('https://127.0.0.1/x', false)).toMatch(/loopback/);
    expect(pushEndpointProblem('https://10.1.2.3/x', false)).toMatch(/private/);
    expect(pushEndpointProblem('https://169.254.169.254/latest', false)).toMatch(/link-local/);
    expect(pushEndpointProblem('https://[::1]/x', false)).toMatch(/loopback/);
    expect(pushEndpointProblem('https://[::7f00:1]/x', false)).toMatch(/loopback/);
    expect(pushEndpointProblem('https://[64:ff9b::a00:1]/x', false)).toMatch(/private/);
    expect(pushEndpointProblem('https://localhost./x', false)).toMatch(/loopback/);
    expect(pushEndpointProblem('https://push.example.com\\@127.0.0.1/x', false)).toMatch(/backslash/);
    expect(pushEndpointProblem('https://@push.example.com/x', false)).toMatch(/user name/);
    expect(pushEndpointProblem('ftp://push.example.com/x', false)).toMatch(/https/);
    expect(pushEndpointProblem('not a url', false)).toBe('not a URL');
  });

  it('allows plain http and private addresses when told to (tests)', () => {
    expect(pushEndpointProblem('http://127.0.0.1:4000/push/1', true)).toBeNull();
    expect(pushEndpointProblem('https://localhost/x', true)).toBeNull();
    expect(pushEndpointProblem('ftp://127.0.0.1/x', true)).toMatch(/https/);
  });
});
