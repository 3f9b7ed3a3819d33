import { parseOptions } from './options';

describe('parseOptions', () => {
  it('runs the full plan at its own rate by default', () => {
    expect(parseOptions([])).toEqual({ quick: false });
  });

  it('takes --quick and a rate', () => {
    expect(parseOptions(['--quick', '--rate=40'])).toEqual({ quick: true, rate: 40 });
  });

  it('refuses what it does not know, and a rate that is no rate', () => {
    expect(() => parseOptions(['--fast'])).toThrow('unknown option --fast');
    expect(() => parseOptions(['--rate=0'])).toThrow('--rate must be 1–1000');
  });
});
