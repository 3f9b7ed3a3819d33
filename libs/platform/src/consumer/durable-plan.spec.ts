import { defineEvent, type EventDefinition } from '@vv/contracts';
import { z } from 'zod';
import { filterSubjectOf, planDurables, type BoundMethod } from './durable-plan';
import type { DurableOptions } from './on-event.decorator';

const def = (service: EventDefinition['service'], name: string, version = 1) =>
  defineEvent({ service, name, version, summary: name, data: z.unknown() });

const bound = (
  contracts: EventDefinition[],
  options: DurableOptions,
  shape: 'event' | 'batch' = 'event',
): BoundMethod => ({
  instance: { run: () => Promise.resolve() },
  binding: { method: 'run', contracts, shape, options },
});

describe('filterSubjectOf', () => {
  it('is the exact subject of one contract, else the tokens the contracts share and `>`', () => {
    expect(filterSubjectOf('vv', [def('files', 'file.deleted')])).toBe('vv.evt.files.file.deleted.v1');
    expect(
      filterSubjectOf('vv', [def('identity', 'invitation.created'), def('identity', 'invitation.resent')]),
    ).toBe('vv.evt.identity.invitation.>');
    expect(filterSubjectOf('vv', [def('identity', 'user.deleted'), def('identity', 'village.deleted')])).toBe(
      'vv.evt.identity.>',
    );
    expect(filterSubjectOf('vv', [def('files', 'file.updated', 1), def('files', 'file.updated', 2)])).toBe(
      'vv.evt.files.file.updated.>',
    );
  });
});

describe('planDurables', () => {
  it('names a durable `<service>-<purpose>` and refuses one that mixes producers', () => {
    const [plan] = planDurables('files', 'vv', [
      bound([def('identity', 'user.deleted')], { durable: 'identity' }),
    ]);
    expect(plan).toMatchObject({ name: 'files-identity', producer: 'identity', stream: 'VV_IDENTITY' });
    expect(() =>
      planDurables('files', 'vv', [
        bound([def('identity', 'user.deleted')], { durable: 'mixed' }),
        bound([def('messaging', 'message.sent')], { durable: 'mixed' }),
      ]),
    ).toThrow('one producer');
  });

  it('refuses disagreeing settings, two methods for one type, and a batch method beside another', () => {
    const a = def('identity', 'user.deleted');
    const b = def('identity', 'village.deleted');
    expect(() =>
      planDurables('files', 'vv', [
        bound([a], { durable: 'x', maxDeliver: 3 }),
        bound([b], { durable: 'x', maxDeliver: 4 }),
      ]),
    ).toThrow('disagree on maxDeliver');
    expect(() =>
      planDurables('files', 'vv', [bound([a], { durable: 'x' }), bound([a], { durable: 'x' })]),
    ).toThrow('two methods');
    expect(() =>
      planDurables('files', 'vv', [bound([a], { durable: 'x' }, 'batch'), bound([b], { durable: 'x' })]),
    ).toThrow('only method');
    expect(() => planDurables('files', 'vv', [bound([a], { durable: 'Files_X' })])).toThrow('kebab-case');
  });
});
